// @ts-check
// The Inbox's reply box: the text, the channel, a meter that says how the text goes as SMS (the
// server counts it: the same count as its sends, never a second copy here), and the WhatsApp
// 24-hour window, which blocks a free-form WhatsApp message once closed and offers SMS instead.

import { ApiError, errorMessage, isAbort } from '../api.js';
import { append, clear, h, say } from '../dom.js';
import { clearFieldError, errorSlot, messageFor, showFieldError } from '../fields.js';

const METER_DELAY_MS = 250;
/** What one send takes (the API refuses more). */
export const MAX_BODY = 1600;

/** @typedef {{ open: boolean, closesAt: string }} WhatsappWindow */

/**
 * Whether a free-form WhatsApp message would be refused: the window is closed. Unknown (an older
 * server that does not say) is not closed: the send answers then.
 * @param {WhatsappWindow | null | undefined} waWindow
 */
export const windowClosed = (waWindow) => Boolean(waWindow && !waWindow.open);

/**
 * @param {object} options
 * @param {import('../state.js').PanelContext} options.ctx
 * @param {{ id: string, customer: string, channel: string, whatsappWindow?: WhatsappWindow | null }} options.ticket
 * @param {(message: import('./inbox-thread.js').ThreadMessage) => void} options.onSent
 */
export function replyBox({ ctx, ticket, onSent }) {
  const { t } = ctx;
  /** The window as the list said, or closed because the server refused a send. */
  let waWindow = ticket.whatsappWindow;
  const canWhatsapp = ticket.channel === 'whatsapp' || Boolean(waWindow);
  const bodyInput = h('textarea', {
    id: 'inbox-reply-body',
    rows: '3',
    maxlength: String(MAX_BODY),
    'data-field': 'body',
    'aria-describedby': 'inbox-reply-meter inbox-reply-help',
  });
  const bodyError = errorSlot();
  // A web chat ticket is answered in the chat; the others by SMS, or WhatsApp when it can reach them.
  const isWeb = ticket.channel === 'web';
  const channelSelect = h(
    'select',
    { id: 'inbox-reply-channel', 'data-field': 'channel' },
    isWeb
      ? h('option', { value: 'web', text: t('channel.web') })
      : h('option', { value: 'sms', text: t('channel.sms') }),
    !isWeb && canWhatsapp ? h('option', { value: 'whatsapp', text: t('channel.whatsapp') }) : null,
  );
  channelSelect.value = isWeb ? 'web' : canWhatsapp && ticket.channel === 'whatsapp' ? 'whatsapp' : 'sms';
  const channelError = errorSlot();
  const meter = h('p', { class: 'reply-meter', id: 'inbox-reply-meter', 'aria-live': 'polite' });
  const status = h('p', { class: 'save-status', role: 'status', id: 'inbox-reply-status' });
  const sendButton = h('button', {
    type: 'submit',
    class: 'button button-primary',
    id: 'inbox-send',
    text: t('inbox.send'),
  });
  const block = h('div', {
    class: 'notice notice-error window-block',
    id: 'inbox-window-block',
    role: 'alert',
    hidden: true,
  });

  /** Shows or hides the closed-window block for the channel picked. @param {string} [reason] the server's words */
  function showBlock(reason) {
    const blocked = channelSelect.value === 'whatsapp' && windowClosed(waWindow);
    block.hidden = !blocked;
    sendButton.disabled = blocked;
    if (!blocked || !waWindow) return;
    append(
      clear(block),
      h('p', {}, reason ?? t('inbox.windowClosedBlock', { time: ctx.i18n.dateTime(waWindow.closesAt) })),
      h('button', {
        type: 'button',
        class: 'button button-secondary',
        id: 'inbox-send-sms',
        text: t('inbox.sendAsSms'),
        onclick: () => {
          channelSelect.value = 'sms';
          showBlock();
          send();
        },
      }),
    );
  }
  channelSelect.addEventListener('change', () => {
    clearFieldError(channelSelect, channelError);
    showBlock();
  });

  // The meter follows the text after a short pause; an older answer never overwrites a newer one.
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {AbortController | null} */
  let controller = null;
  async function measure() {
    controller?.abort();
    const body = bodyInput.value;
    if (body === '') {
      meter.textContent = '';
      return;
    }
    controller = new AbortController();
    try {
      /** @type {{ encoding: string, segments: number, characters: number }} */
      const m = await ctx.api('POST', ctx.teamPath('/messages/preview'), { body }, controller.signal);
      clearFieldError(bodyInput, bodyError);
      meter.dataset['tone'] = 'info';
      meter.textContent = [
        m.encoding,
        t('replies.segments', { count: m.segments }),
        t('replies.characters', { count: m.characters }),
      ].join(' · ');
    } catch (err) {
      if (isAbort(err)) return;
      if (err instanceof ApiError && err.field === 'body') showFieldError(bodyInput, bodyError, messageFor(err));
      say(meter, t('inbox.meterFailed', { reason: errorMessage(err) }), 'error');
    }
  }
  bodyInput.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(measure, METER_DELAY_MS);
  });
  // Ctrl+Enter (⌘Enter) sends; Enter alone is a new line, as in any text box.
  bodyInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  let sending = false;
  async function send() {
    if (sending) return;
    clearFieldError(bodyInput, bodyError);
    clearFieldError(channelSelect, channelError);
    const body = bodyInput.value;
    if (body.trim() === '') {
      showFieldError(bodyInput, bodyError, t('inbox.emptyBody'));
      bodyInput.focus();
      say(status, t('inbox.notSent', { reason: t('inbox.emptyBody') }), 'error');
      return;
    }
    sending = true;
    sendButton.disabled = true;
    say(status, t('inbox.sending'), 'busy');
    try {
      /** @type {import('./inbox-thread.js').ThreadMessage} */
      const sent = await ctx.api('POST', ctx.teamPath(`/tickets/${encodeURIComponent(ticket.id)}/messages`), {
        body,
        channel: channelSelect.value,
      });
      bodyInput.value = '';
      meter.textContent = '';
      say(status, t('inbox.sentAt', { time: ctx.i18n.clock() }));
      onSent(sent);
      bodyInput.focus();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'whatsapp_window_closed') {
        // The list did not know yet (or the customer's last message aged out meanwhile).
        waWindow = { open: false, closesAt: waWindow?.closesAt ?? new Date().toISOString() };
        showBlock(err.message ? messageFor(err) : undefined);
        say(status, t('inbox.notSent', { reason: t('inbox.windowClosed') }), 'error');
        document.getElementById('inbox-send-sms')?.focus();
        return;
      }
      const target = err instanceof ApiError && err.field === 'channel' ? [channelSelect, channelError] : null;
      const onBody = err instanceof ApiError && err.field === 'body' ? [bodyInput, bodyError] : null;
      const [input, slot] = target ?? onBody ?? [null, null];
      if (input && slot) {
        showFieldError(input, slot, messageFor(err));
        input.focus();
      }
      say(status, t('inbox.notSent', { reason: errorMessage(err) }), 'error');
    } finally {
      sending = false;
      if (!(channelSelect.value === 'whatsapp' && windowClosed(waWindow))) sendButton.disabled = false;
    }
  }

  const form = h(
    'form',
    {
      class: 'reply-form',
      id: 'inbox-reply',
      novalidate: true,
      'aria-label': t('inbox.replyLabel', { customer: ticket.customer }),
    },
    h(
      'div',
      { class: 'field', 'data-error-host': '' },
      h('label', { for: bodyInput.id, text: t('inbox.reply') }),
      bodyInput,
      bodyError,
    ),
    meter,
    h('p', { class: 'help', id: 'inbox-reply-help', text: t('inbox.replyHelp') }),
    block,
    h(
      'div',
      { class: 'reply-actions' },
      h(
        'div',
        { class: 'field', 'data-error-host': '' },
        h('label', { for: channelSelect.id, text: t('inbox.sendBy') }),
        channelSelect,
        channelError,
      ),
      sendButton,
    ),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  showBlock();
  return {
    form,
    /** The list's newer word on the window (a customer wrote again on WhatsApp). @param {WhatsappWindow | null | undefined} next */
    updateWindow(next) {
      if (next === undefined || JSON.stringify(next) === JSON.stringify(waWindow)) return;
      waWindow = next;
      showBlock();
    },
  };
}

/**
 * The window's state in words: "open, closes in 5 h", "closed". Null for a customer who never
 * wrote on WhatsApp (or an older server that does not say).
 * @param {WhatsappWindow | null | undefined} waWindow
 * @param {import('../i18n.js').I18n} i18n
 * @param {number} now
 */
export function windowText(waWindow, i18n, now) {
  if (!waWindow) return null;
  if (!waWindow.open) return i18n.t('inbox.windowClosed');
  const minutes = Math.max(1, Math.ceil((Date.parse(waWindow.closesAt) - now) / 60_000));
  // Hours when an hour or more is left: "closes in 5 h", not "closes in 4 h 37 min".
  const left =
    minutes >= 60
      ? i18n.t('duration.hours', { count: Math.floor(minutes / 60) })
      : i18n.t('duration.minutes', { count: minutes });
  return i18n.t('inbox.windowOpen', { left });
}
