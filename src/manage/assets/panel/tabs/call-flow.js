// @ts-check
// Call flow: what a caller hears and where the call goes (the team's `voice` settings), and the
// recent calls under it.

import { errorMessage, fieldOf } from '../api.js';
import { clear, h, say } from '../dom.js';
import { errorSlot, inlineErrors, messageFor, readyToSave, wholeNumber, wholeNumberInput } from '../fields.js';
import { numberListEditor } from '../widgets/number-list-editor.js';
import { promptEditor } from '../widgets/prompt-editor.js';
import { recentCalls } from '../widgets/recent-calls.js';

/** @typedef {import('../i18n.js').MessageKey} MessageKey */

const MENU_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MAX_MENU_OPTIONS = MENU_KEYS.length;
/** @type {readonly [string, MessageKey | null][]} the key, and words for it where the key alone is not enough */
const FINISH_KEYS = [
  ['#', 'callFlow.finishKey.hash'],
  ['*', 'callFlow.finishKey.star'],
  ['0', null],
  ['1', null],
  ['2', null],
  ['3', null],
  ['4', null],
  ['5', null],
  ['6', null],
  ['7', null],
  ['8', null],
  ['9', null],
  ['', 'callFlow.finishKey.none'],
];
const SAY_VOICES = [
  'alice',
  'man',
  'woman',
  'Polly.Joanna',
  'Polly.Matthew',
  'Polly.Amy',
  'Polly.Brian',
  'Polly.Ewa',
  'Polly.Jacek',
  'Polly.Tatyana',
  'Polly.Maxim',
];

/** @type {import('../state.js').Tab} */
export const callFlowTab = {
  id: 'call-flow',
  label: 'tab.callFlow',
  render(panel, ctx) {
    const { t, canEdit } = ctx;
    /** @type {import('../state.js').Voice} */
    const voice = structuredClone(ctx.state.team.voice);
    const menu = voice.menu ?? { prompt: { text: null, audioUrl: null }, options: [], timeoutSeconds: 6 };
    for (const option of menu.options) option.agents = [...(option.agents ?? [])];
    const agents = [...voice.agents];
    const status = h('p', { class: 'save-status', role: 'status', id: 'voice-status' });

    const greeting = promptEditor(
      {
        field: 'voice.greeting',
        title: t('callFlow.greeting'),
        prompt: voice.greeting,
        help: t('callFlow.greetingHelp'),
      },
      t,
    );
    const afterHours = promptEditor(
      {
        field: 'voice.afterHoursGreeting',
        title: t('callFlow.afterHoursGreeting'),
        prompt: voice.afterHoursGreeting,
        help: t('callFlow.afterHoursGreetingHelp'),
      },
      t,
    );
    const menuPrompt = promptEditor(
      {
        field: 'voice.menu.prompt',
        title: t('callFlow.menuPrompt'),
        prompt: menu.prompt,
        help: t('callFlow.menuPromptHelp'),
      },
      t,
    );
    const voicemailPrompt = promptEditor(
      {
        field: 'voice.voicemail.prompt',
        title: t('callFlow.voicemailPrompt'),
        prompt: voice.voicemail.prompt,
        help: t('callFlow.voicemailPromptHelp'),
      },
      t,
    );

    // Numbers of seconds: whole numbers, checked here first and then by the API.
    /** @param {string} id @param {string} field @param {number} value @param {number} min @param {number} max */
    const secondsInput = (id, field, value, min, max) =>
      wholeNumberInput({ id, field, value, min, max, describedBy: `${id}-help` });
    /** @param {HTMLInputElement} input @param {string} label @param {string} help */
    const secondsField = (input, label, help) =>
      h(
        'div',
        { class: 'field', 'data-error-host': '' },
        h('label', { for: input.id, text: label }),
        h('div', { class: 'inline' }, input, h('span', { text: t('unit.secondsWord') })),
        h('p', { class: 'help', id: `${input.id}-help`, text: help }),
        errorSlot(),
      );

    // The menu: on or off, its prompt, and up to nine options.
    const menuBox = h('input', {
      type: 'checkbox',
      id: 'voice-menu-on',
      checked: voice.menu !== null,
      'aria-describedby': 'voice-menu-help',
      'aria-controls': 'voice-menu-body',
    });
    const menuTimeout = secondsInput('voice-menu-timeout', 'voice.menu.timeoutSeconds', menu.timeoutSeconds, 2, 30);
    const optionList = h('ol', {
      class: 'menu-options',
      role: 'list',
      id: 'menu-options',
      'aria-labelledby': 'menu-options-h',
    });
    const optionCount = h('p', { class: 'help', id: 'menu-count' });
    const addOption = h('button', {
      type: 'button',
      class: 'button button-secondary',
      id: 'menu-add',
      'data-mutates': '',
      'data-field': 'voice.menu.options.add',
      'aria-describedby': 'menu-count',
      text: t('callFlow.addOption'),
      onclick: () => {
        const used = new Set(menu.options.map((o) => o.digit));
        menu.options.push({
          digit: MENU_KEYS.find((k) => !used.has(k)) ?? '1',
          label: '',
          action: 'agents',
          agents: [''],
        });
        renderOptions(`voice.menu.options.${menu.options.length - 1}.label`);
      },
    });
    const menuBody = h(
      'div',
      { id: 'voice-menu-body', class: 'menu-body', hidden: voice.menu === null },
      menuPrompt.element,
      secondsField(menuTimeout, t('callFlow.menuTimeout'), t('callFlow.menuTimeoutHelp')),
      h('h3', { id: 'menu-options-h', text: t('callFlow.options') }),
      h('div', { 'data-field': 'voice.menu.options', 'data-error-host': '' }, optionList, errorSlot()),
      h('div', { class: 'inline' }, addOption),
      optionCount,
    );
    menuBox.addEventListener('change', () => {
      menuBody.hidden = !menuBox.checked;
      if (menuBox.checked && menu.options.length === 0) {
        menu.options.push({ digit: '1', label: '', action: 'agents', agents: [''] });
        renderOptions('voice.menu.options.0.label');
      }
    });

    /** @param {string} [focusField] the data-field to focus afterwards */
    function renderOptions(focusField) {
      clear(optionList);
      menu.options.forEach((option, i) => {
        const path = `voice.menu.options.${i}`;
        const n = i + 1;
        const key = h(
          'select',
          { id: `menu-key-${i}`, 'data-field': `${path}.digit` },
          MENU_KEYS.map((k) => h('option', { value: k, selected: option.digit === k, text: k })),
        );
        key.addEventListener('change', () => {
          option.digit = key.value;
        });
        const label = h('input', {
          type: 'text',
          id: `menu-label-${i}`,
          maxlength: '80',
          autocomplete: 'off',
          placeholder: t('callFlow.labelPlaceholder'),
          'data-field': `${path}.label`,
          'data-required': t('callFlow.labelRequired'),
        });
        label.value = option.label;
        label.addEventListener('input', () => {
          option.label = label.value;
        });
        const action = h(
          'select',
          { id: `menu-action-${i}`, 'data-field': `${path}.action` },
          h('option', { value: 'agents', selected: option.action === 'agents', text: t('callFlow.ringAgents') }),
          h('option', {
            value: 'voicemail',
            selected: option.action === 'voicemail',
            text: t('callFlow.goToVoicemail'),
          }),
        );
        action.addEventListener('change', () => {
          option.action = action.value === 'voicemail' ? 'voicemail' : 'agents';
          if (option.action === 'agents' && option.agents.length === 0) option.agents.push('');
          renderOptions(`${path}.action`);
        });
        /** @param {HTMLElement & { id: string }} input @param {string} text */
        const field = (input, text) =>
          h('div', { class: 'field', 'data-error-host': '' }, h('label', { for: input.id, text }), input, errorSlot());
        optionList.append(
          h(
            'li',
            {
              class: 'menu-option',
              'data-field': path,
              'data-error-host': '',
              'aria-labelledby': `menu-option-h-${i}`,
            },
            h(
              'div',
              { class: 'menu-option-head' },
              h('h4', { id: `menu-option-h-${i}`, text: t('callFlow.option', { n }) }),
              h('button', {
                type: 'button',
                class: 'button button-quiet button-small',
                'data-mutates': '',
                'aria-label': t('callFlow.removeOption', { n }),
                text: t('common.remove'),
                onclick: () => {
                  menu.options.splice(i, 1);
                  renderOptions(
                    menu.options.length
                      ? `voice.menu.options.${Math.min(i, menu.options.length - 1)}.label`
                      : 'voice.menu.options.add',
                  );
                },
              }),
            ),
            h(
              'div',
              { class: 'menu-option-grid' },
              field(key, t('callFlow.key')),
              field(label, t('callFlow.label')),
              field(action, t('callFlow.whenPressed')),
            ),
            option.action === 'agents'
              ? numberListEditor(
                  {
                    field: `${path}.agents`,
                    label: t('callFlow.optionAgents', { n }),
                    numbers: option.agents,
                    canEdit,
                  },
                  t,
                )
              : h('p', { class: 'help', text: t('callFlow.voicemailOptionHelp') }),
            errorSlot(),
          ),
        );
      });
      if (menu.options.length === 0) optionList.append(h('li', { class: 'muted', text: t('callFlow.noOptions') }));
      addOption.disabled = !canEdit || menu.options.length >= MAX_MENU_OPTIONS;
      optionCount.textContent =
        menu.options.length >= MAX_MENU_OPTIONS
          ? t('callFlow.optionsFull', { count: MAX_MENU_OPTIONS })
          : t('callFlow.optionsCount', { count: menu.options.length, max: MAX_MENU_OPTIONS });
      if (focusField) {
        const target = panel.querySelector(`[data-field="${CSS.escape(focusField)}"]`);
        const usable = target instanceof HTMLElement && !(/** @type {HTMLInputElement} */ (target).disabled);
        (usable ? target : addOption.disabled ? menuBox : addOption).focus();
      }
    }

    const dialTimeout = secondsInput(
      'voice-dial-timeout',
      'voice.dialTimeoutSeconds',
      voice.dialTimeoutSeconds,
      5,
      120,
    );
    const maxLength = secondsInput(
      'voice-max-length',
      'voice.voicemail.maxLengthSeconds',
      voice.voicemail.maxLengthSeconds,
      5,
      3600,
    );
    const finishKey = h(
      'select',
      {
        id: 'voice-finish-key',
        'data-field': 'voice.voicemail.finishOnKey',
        'aria-describedby': 'voice-finish-key-help',
      },
      FINISH_KEYS.map(([value, words]) =>
        h('option', { value, selected: voice.voicemail.finishOnKey === value, text: words ? t(words) : value }),
      ),
    );
    const sayVoice = h('input', {
      type: 'text',
      id: 'voice-say-voice',
      list: 'say-voices',
      autocomplete: 'off',
      spellcheck: 'false',
      'data-field': 'voice.sayVoice',
      'data-required': t('callFlow.sayVoiceRequired'),
      'aria-describedby': 'voice-say-voice-help',
    });
    sayVoice.value = voice.sayVoice;
    /** @param {'sms' | 'whatsapp'} value @param {string} text */
    const channelRadio = (value, text) => {
      const input = h('input', {
        type: 'radio',
        name: 'voice-reply-channel',
        id: `voice-reply-${value}`,
        value,
        checked: voice.replyChannel === value,
      });
      return h('div', { class: 'check' }, input, h('label', { for: input.id, text }));
    };

    const errors = inlineErrors(panel);
    const form = h(
      'form',
      { class: 'voice-form', novalidate: true, 'aria-labelledby': 'voice-h' },
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'voice-h', text: t('callFlow.title') }),
        h('p', { class: 'panel-intro', text: t('callFlow.intro') }),
        greeting.element,
        afterHours.element,
      ),
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'voice-menu-h', text: t('callFlow.menu') }),
        h('div', { class: 'check' }, menuBox, h('label', { for: menuBox.id, text: t('callFlow.menuOn') })),
        h('p', { class: 'help indent', id: 'voice-menu-help', text: t('callFlow.menuOnHelp') }),
        menuBody,
      ),
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'voice-ring-h', text: t('callFlow.ringing') }),
        numberListEditor({ field: 'voice.agents', label: t('callFlow.agentsNoMenu'), numbers: agents, canEdit }, t),
        secondsField(dialTimeout, t('callFlow.dialTimeout'), t('callFlow.dialTimeoutHelp')),
      ),
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'voice-voicemail-h', text: t('callFlow.voicemail') }),
        voicemailPrompt.element,
        secondsField(maxLength, t('callFlow.maxLength'), t('callFlow.maxLengthHelp')),
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: finishKey.id, text: t('callFlow.finishKey') }),
          finishKey,
          h('p', { class: 'help', id: 'voice-finish-key-help', text: t('callFlow.finishKeyHelp') }),
          errorSlot(),
        ),
      ),
      h(
        'div',
        { class: 'card section-card' },
        h('h2', { id: 'voice-say-h', text: t('callFlow.voiceAndFollowUp') }),
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: sayVoice.id, text: t('callFlow.sayVoice') }),
          sayVoice,
          h(
            'datalist',
            { id: 'say-voices' },
            SAY_VOICES.map((v) => h('option', { value: v })),
          ),
          h('p', { class: 'help', id: 'voice-say-voice-help', text: t('callFlow.sayVoiceHelp') }),
          errorSlot(),
        ),
        h(
          'fieldset',
          { class: 'options', 'data-field': 'voice.replyChannel', 'data-error-host': '' },
          h('legend', { text: t('callFlow.replyChannel') }),
          channelRadio('sms', t('channel.sms')),
          channelRadio('whatsapp', t('callFlow.replyWhatsapp')),
          errorSlot(),
        ),
      ),
      h(
        'div',
        { class: 'form-actions form-actions-sticky' },
        h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: t('callFlow.save') }),
        status,
      ),
    );

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!readyToSave(form, errors, status, t)) return;
      const replyChannel = form.querySelector('input[name="voice-reply-channel"]:checked');
      const body = {
        greeting: greeting.read(),
        afterHoursGreeting: afterHours.read(),
        // The menu is sent whole (the API replaces it), or null to remove it.
        menu: menuBox.checked
          ? {
              prompt: menuPrompt.read(),
              timeoutSeconds: wholeNumber(menuTimeout),
              options: menu.options.map((o) => ({
                digit: o.digit,
                label: o.label.trim(),
                action: o.action,
                agents: o.action === 'agents' ? o.agents : [],
              })),
            }
          : null,
        agents,
        dialTimeoutSeconds: wholeNumber(dialTimeout),
        voicemail: {
          prompt: voicemailPrompt.read(),
          maxLengthSeconds: wholeNumber(maxLength),
          finishOnKey: finishKey.value,
        },
        sayVoice: sayVoice.value.trim(),
        replyChannel: replyChannel instanceof HTMLInputElement ? replyChannel.value : 'sms',
      };
      say(status, t('save.saving'), 'busy');
      try {
        ctx.state.team = await ctx.api('PATCH', ctx.teamPath(), { voice: body });
        say(status, t('save.savedAt', { time: ctx.i18n.clock() }));
      } catch (err) {
        const field = fieldOf(err);
        const input = field ? errors.show(field, messageFor(err)) : null;
        input?.focus();
        say(status, input ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }), 'error');
      }
    });

    const calls = recentCalls(ctx);
    panel.append(form, calls.element);
    renderOptions();
    return { show: calls.load };
  },
};
