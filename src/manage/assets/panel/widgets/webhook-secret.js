// @ts-check
// The webhook signing secret: generated on request and shown only this once.

import { errorMessage } from '../api.js';
import { append, clear, h, say } from '../dom.js';

/** @param {import('../state.js').PanelContext} ctx */
export function webhookSecretBox(ctx) {
  const { t } = ctx;
  const status = h('p', { class: 'save-status', role: 'status', id: 'webhook-secret-status' });
  const output = h('div', { class: 'secret', id: 'webhook-secret-box', hidden: true });
  const generate = h('button', {
    type: 'button',
    class: 'button button-secondary',
    id: 'webhook-secret-generate',
    'data-mutates': '',
    text: t('secret.generate'),
    'aria-describedby': 'webhook-secret-help',
    onclick: async () => {
      if (!window.confirm(t('secret.confirm'))) return;
      say(status, t('secret.generating'), 'busy');
      generate.disabled = true;
      try {
        /** @type {{ secret: string }} */
        const { secret } = await ctx.api('POST', ctx.teamPath('/notifications/webhook-secret'));
        showSecret(secret);
        say(status, t('secret.generated'));
      } catch (err) {
        say(status, t('secret.notGenerated', { reason: errorMessage(err) }), 'error');
      } finally {
        generate.disabled = !ctx.canEdit;
      }
    },
  });

  /** @param {string} secret */
  function showSecret(secret) {
    const field = h('input', {
      type: 'text',
      id: 'webhook-secret',
      class: 'secret-value',
      readonly: true,
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': 'webhook-secret-hint',
    });
    field.value = secret;
    field.addEventListener('focus', () => field.select());
    const copyStatus = h('span', { class: 'help', role: 'status' });
    const copy = h('button', {
      type: 'button',
      class: 'button button-secondary button-small',
      text: t('secret.copy'),
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(secret);
          copyStatus.textContent = t('secret.copied');
        } catch {
          field.focus();
          copyStatus.textContent = t('secret.copyByHand');
        }
      },
    });
    append(
      clear(output),
      h('label', { for: field.id, text: t('secret.label') }),
      h('div', { class: 'inline' }, field, copy, copyStatus),
      h('p', { class: 'help', id: 'webhook-secret-hint', text: t('secret.hint') }),
    );
    output.hidden = false;
    field.focus();
  }

  return h(
    'div',
    { class: 'field' },
    h('div', { class: 'inline' }, generate, status),
    h('p', { class: 'help', id: 'webhook-secret-help', text: t('secret.help') }),
    output,
  );
}
