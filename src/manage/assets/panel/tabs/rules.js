// @ts-check
// Automation rules: the team's ordered list, each rule's conditions and actions, the recipe
// templates, a dry run on recent tickets, and a save that must quote the version it was read at.
//
// The list is edited as the JSON the API takes (GET/PUT /rules); the editor offers what
// GET /rules/vocabulary lists, so it never offers a field or operator the save refuses. Agents see
// the list; only managers change it (the API refuses agents' saves).

import { ApiError, errorMessage, fieldOf } from '../api.js';
import { append, clear, h, say } from '../dom.js';
import { inlineErrors } from '../fields.js';
import { AUTHOR, CHANNELS, PRIORITY, SOURCE, TICKET_CHAT, TICKET_STATUS, asIs, labelOf } from '../labels.js';

/**
 * @typedef {{ kind: string, values?: string[] }} ValueSpec
 * @typedef {{ field: string, ops: string[], value: ValueSpec }} FieldSpec
 * @typedef {{ type: string, params: Record<string, ValueSpec> }} ActionSpec
 * @typedef {{ triggers: string[], matches: string[], operators: string[], fields: FieldSpec[], actions: ActionSpec[] }} Vocabulary
 * @typedef {{ field: string, op: string, value?: unknown }} Condition
 * @typedef {{ type: string, [param: string]: unknown }} Action
 * @typedef {{ id?: string, name: string, enabled: boolean, trigger: string, match: string,
 *   conditions: Condition[], actions: Action[], stop: boolean }} Rule
 * @typedef {{ key: string, recipe: number, title: string, description: string, needs: string[], builtIn: boolean, rule: Omit<Rule, 'id'> | null }} Template
 * @typedef {{ ticketId: string, trigger: string, fired: { ruleId: string, name: string, actions: Action[] }[] }} DryRunResult
 * @typedef {{ id: string, name: string }} Named
 */

const LIST_OPS = ['in', 'not_in'];
const PRESENCE_OPS = ['is_set', 'is_not_set'];
/** In an assign action's selects: leave the field out, or send null (nobody / no line). */
const LEAVE = '';
const NOBODY = '__null';

/** The value labels the panel already has, by field; other values are shown as they are. */
/** @type {Record<string, Record<string, import('../i18n.js').MessageKey>>} */
const ENUM_LABELS = {
  status: TICKET_STATUS,
  chat: TICKET_CHAT,
  channel: CHANNELS,
  source: SOURCE,
  priority: PRIORITY,
  author: AUTHOR,
};

/** @type {Record<string, import('../i18n.js').MessageKey>} */
const FIELD_LABEL = {
  status: 'rules.field.status',
  chat: 'rules.field.chat',
  channel: 'rules.field.channel',
  source: 'rules.field.source',
  priority: 'rules.field.priority',
  tags: 'rules.field.tags',
  assignee: 'rules.field.assignee',
  group: 'rules.field.group',
  author: 'rules.field.author',
  author_group: 'rules.field.authorGroup',
  first_message: 'rules.field.firstMessage',
  opens_ticket: 'rules.field.opensTicket',
  open_hours: 'rules.field.openHours',
  body: 'rules.field.body',
};
/** @type {Record<string, import('../i18n.js').MessageKey>} */
const OP_LABEL = {
  is: 'rules.op.is',
  is_not: 'rules.op.isNot',
  in: 'rules.op.in',
  not_in: 'rules.op.notIn',
  contains: 'rules.op.contains',
  not_contains: 'rules.op.notContains',
  is_set: 'rules.op.isSet',
  is_not_set: 'rules.op.isNotSet',
};
/** @type {Record<string, import('../i18n.js').MessageKey>} */
const ACTION_LABEL = {
  set_status: 'rules.action.setStatus',
  complete_chat: 'rules.action.completeChat',
  assign: 'rules.action.assign',
  add_tags: 'rules.action.addTags',
  remove_tags: 'rules.action.removeTags',
  set_priority: 'rules.action.setPriority',
  send_reply: 'rules.action.sendReply',
  send_message: 'rules.action.sendMessage',
  notify: 'rules.action.notify',
};
/** @type {Record<string, import('../i18n.js').MessageKey>} */
const PARAM_LABEL = {
  value: 'rules.param.value',
  userId: 'rules.param.userId',
  groupId: 'rules.param.groupId',
  tags: 'rules.param.tags',
  kind: 'rules.param.kind',
  body: 'rules.param.body',
  emails: 'rules.param.emails',
  webhook: 'rules.param.webhook',
};
/** @type {Record<string, import('../i18n.js').MessageKey>} */
const TRIGGER_LABEL = { incoming: 'rules.trigger.incoming', changed: 'rules.trigger.changed' };

/** Moves one item of a list; answers a new list. @template T @param {T[]} list @param {number} from @param {number} to */
export function moved(list, from, to) {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(Math.max(0, Math.min(to, copy.length)), 0, item);
  return copy;
}

/**
 * The condition with a value its operator takes: none for is_set/is_not_set (or an unknown field:
 * `single` undefined), a list for in/not_in (keeping what it had), else one value (the first of
 * the list it had, or `single`, the field's default, when it had none of that type).
 * @param {Condition} c @param {unknown} single
 * @returns {Condition}
 */
export function withValueFor(c, single) {
  const { value: _old, ...rest } = c;
  if (PRESENCE_OPS.includes(c.op) || single === undefined) return rest;
  if (LIST_OPS.includes(c.op)) {
    const kept = Array.isArray(c.value) ? c.value : c.value !== undefined && c.value !== '' ? [c.value] : [];
    return { ...rest, value: kept.length ? kept : single === '' ? [] : [single] };
  }
  const kept = Array.isArray(c.value) ? c.value[0] : c.value;
  return { ...rest, value: kept === undefined || typeof kept !== typeof single ? single : kept };
}

/** "a, b ,c" → ["a", "b", "c"]. @param {string} text */
const splitList = (text) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** @type {import('../state.js').Tab} */
export const rulesTab = {
  id: 'rules',
  label: 'tab.rules',
  render(panel, ctx) {
    const { t, canEdit } = ctx;
    /**
     * @type {{ rules: Rule[], etag: string | null, vocabulary: Vocabulary | null, users: Named[], groups: Named[],
     *   templates: Template[], loaded: boolean, dragFrom: number | null }}
     */
    const model = {
      rules: [],
      etag: null,
      vocabulary: null,
      users: [],
      groups: [],
      templates: [],
      loaded: false,
      dragFrom: null,
    };
    const kinds = ctx.state.replies.map((reply) => ({ id: reply.kind, name: reply.title }));

    const status = h('p', { class: 'save-status', role: 'status', id: 'rules-status' });
    const conflict = h('div', { class: 'notice', role: 'alert', id: 'rules-conflict', hidden: true });
    const list = h('ol', { class: 'rules-list', id: 'rules-list', 'aria-label': t('rules.listLabel') });
    const dryRunOut = h('section', { id: 'rules-dry-run', 'aria-live': 'polite', hidden: true });
    const errors = inlineErrors(list);

    const line1 = h('select', { id: 'rules-template-line1' });
    const line2 = h('select', { id: 'rules-template-line2' });
    const templateList = h('ul', { class: 'rules-templates', id: 'rules-templates' });

    const addRuleButton = h('button', {
      type: 'button',
      class: 'button button-secondary',
      id: 'rules-add',
      'data-mutates': true,
      text: t('rules.add'),
      onclick: () => {
        model.rules.push(blankRule());
        redraw(`rule-${model.rules.length - 1}-name`);
      },
    });
    const dryRunButton = h('button', {
      type: 'button',
      class: 'button button-secondary',
      id: 'rules-dry-run-button',
      text: t('rules.dryRun'),
      onclick: () => void dryRun(),
    });
    const saveButton = h('button', {
      type: 'button',
      class: 'button button-primary',
      id: 'rules-save',
      'data-mutates': true,
      text: t('rules.save'),
      onclick: () => void save(),
    });

    append(
      panel,
      h(
        'section',
        { 'aria-labelledby': 'rules-h' },
        h('h2', { id: 'rules-h', text: t('rules.title') }),
        h('p', { class: 'help', text: t('rules.help') }),
        canEdit ? h('p', { class: 'help', id: 'rules-keys-help', text: t('rules.keysHelp') }) : null,
        conflict,
        list,
        canEdit ? h('div', { class: 'actions' }, addRuleButton, dryRunButton, saveButton) : null,
        status,
        dryRunOut,
      ),
      canEdit
        ? h(
            'section',
            { 'aria-labelledby': 'rules-templates-h' },
            h('h3', { id: 'rules-templates-h', text: t('rules.templates') }),
            h('p', { class: 'help', text: t('rules.templatesHelp') }),
            h(
              'div',
              { class: 'filters' },
              h('label', { for: 'rules-template-line1', text: t('rules.line1') }),
              line1,
              h('label', { for: 'rules-template-line2', text: t('rules.line2') }),
              line2,
            ),
            templateList,
          )
        : null,
    );
    line1.addEventListener('change', () => void loadTemplates());
    line2.addEventListener('change', () => void loadTemplates());

    /**
     * A quiet button that changes the list (disabled for agents).
     * @param {string} text @param {() => void} onclick
     * @param {{ id?: string, disabled?: boolean, label?: string }} [options]
     */
    function editButton(text, onclick, { id, disabled = false, label } = {}) {
      return h('button', {
        type: 'button',
        class: 'button button-quiet',
        id,
        'data-mutates': true,
        disabled: disabled || !canEdit,
        text,
        'aria-label': label,
        onclick,
      });
    }

    /** @returns {Rule} */
    function blankRule() {
      return {
        name: t('rules.newName', { n: model.rules.length + 1 }),
        enabled: true,
        trigger: 'incoming',
        match: 'all',
        conditions: [],
        actions: [defaultAction(model.vocabulary?.actions[0]?.type ?? 'set_status')],
        stop: false,
      };
    }

    /** @param {ValueSpec} spec @returns {unknown} */
    function defaultValue(spec) {
      if (spec.kind === 'enum') return spec.values?.[0] ?? '';
      if (spec.kind === 'user') return model.users[0]?.id ?? '';
      if (spec.kind === 'group') return model.groups[0]?.id ?? '';
      if (spec.kind === 'flag') return true;
      if (spec.kind === 'reply_kind') return kinds[0]?.id ?? '';
      if (spec.kind === 'tags' || spec.kind === 'emails') return [];
      return '';
    }

    /** @param {string} type @returns {Action} */
    function defaultAction(type) {
      const spec = model.vocabulary?.actions.find((a) => a.type === type);
      /** @type {Action} */
      const action = { type };
      if (type === 'assign') action['groupId'] = model.groups[0]?.id ?? null;
      else if (type === 'notify') action['webhook'] = true;
      else for (const [param, value] of Object.entries(spec?.params ?? {})) action[param] = defaultValue(value);
      return action;
    }

    /** @param {string} field @returns {Condition} */
    function defaultCondition(field) {
      const spec = fieldSpec(field);
      const op = spec?.ops[0] ?? 'is';
      return withValueFor({ field, op }, spec && defaultValue(spec.value));
    }

    /** @param {string} field */
    const fieldSpec = (field) => model.vocabulary?.fields.find((f) => f.field === field);

    // ----- drawing ------------------------------------------------------------------------------

    /** Draws the list again and puts the focus back where it belongs. @param {string} [focusId] */
    function redraw(focusId) {
      errors.clear();
      clear(list);
      if (!model.rules.length) list.append(h('li', { class: 'help', text: t('rules.empty') }));
      model.rules.forEach((rule, index) => list.append(ruleRow(rule, index)));
      if (focusId) document.getElementById(focusId)?.focus();
    }

    /** @param {number} from @param {number} to @param {string} focusId */
    function move(from, to, focusId) {
      if (to < 0 || to >= model.rules.length || from === to) return;
      model.rules = moved(model.rules, from, to);
      // The same control on the moved rule, unless it is now disabled (first or last): then the row.
      const target = focusId.replace('{i}', String(to));
      redraw();
      const control = document.getElementById(target);
      (control instanceof HTMLButtonElement && control.disabled
        ? document.getElementById(`rule-${to}`)
        : control
      )?.focus();
      say(status, t('rules.movedTo', { name: model.rules[to]?.name ?? '', position: to + 1 }), 'info');
    }

    /**
     * A control with its label; data-field carries the API's path so a 422 lands on it.
     * @param {string} text @param {HTMLElement} control @param {string} field
     */
    function labelled(text, control, field) {
      control.dataset['field'] = field;
      if (!canEdit) control.toggleAttribute('disabled', true);
      return h('span', { class: 'field', 'data-error-host': true }, h('label', { for: control.id, text }), control);
    }

    /**
     * @param {string} id @param {{ value: string, text: string }[]} options @param {string} selected
     * @param {(value: string) => void} onchange
     */
    function select(id, options, selected, onchange) {
      const el = h(
        'select',
        { id },
        options.map((o) => h('option', { value: o.value, text: o.text, selected: o.value === selected })),
      );
      el.addEventListener('change', () => onchange(el.value));
      return el;
    }

    /** Options for a value of a kind. @param {ValueSpec} spec @param {string} field */
    function valueOptions(spec, field) {
      if (spec.kind === 'enum')
        return (spec.values ?? []).map((v) => ({ value: v, text: labelOf(ENUM_LABELS[field] ?? {}, v, t, asIs) }));
      if (spec.kind === 'user') return model.users.map((u) => ({ value: u.id, text: u.name }));
      if (spec.kind === 'group') return model.groups.map((g) => ({ value: g.id, text: g.name }));
      if (spec.kind === 'reply_kind') return kinds.map((k) => ({ value: k.id, text: k.name }));
      return [];
    }

    /** @param {Rule} rule @param {number} index */
    function ruleRow(rule, index) {
      const p = `rule-${index}`;
      const path = `rules.${index}`;
      const nameInput = h('input', { id: `${p}-name`, value: rule.name, maxlength: 120 });
      nameInput.addEventListener('input', () => {
        rule.name = nameInput.value;
        row.setAttribute('aria-label', t('rules.rowLabel', { position: index + 1, name: rule.name }));
      });
      const enabled = h('input', {
        type: 'checkbox',
        role: 'switch',
        id: `${p}-enabled`,
        checked: rule.enabled,
        disabled: !canEdit,
      });
      enabled.addEventListener('change', () => {
        rule.enabled = enabled.checked;
        row.classList.toggle('rule-off', !rule.enabled);
      });
      const stop = h('input', { type: 'checkbox', id: `${p}-stop`, checked: rule.stop, disabled: !canEdit });
      stop.addEventListener('change', () => (rule.stop = stop.checked));
      const triggers = model.vocabulary?.triggers ?? ['incoming', 'changed'];
      const trigger = select(
        `${p}-trigger`,
        triggers.map((v) => ({ value: v, text: labelOf(TRIGGER_LABEL, v, t, asIs) })),
        rule.trigger,
        (v) => (rule.trigger = v),
      );
      const match = select(
        `${p}-match`,
        [
          { value: 'all', text: t('rules.matchAll') },
          { value: 'any', text: t('rules.matchAny') },
        ],
        rule.match,
        (v) => (rule.match = v),
      );
      /** @param {import('../i18n.js').MessageKey} key @param {() => void} onclick @param {string} id @param {boolean} [disabled] */
      const button = (key, onclick, id, disabled = false) =>
        editButton(t(key), onclick, { id, disabled, label: `${t(key)}: ${rule.name}` });

      const row = h(
        'li',
        {
          class: `rule-row${rule.enabled ? '' : ' rule-off'}`,
          id: p,
          tabindex: 0,
          draggable: canEdit ? 'true' : null,
          'data-index': index,
          'aria-label': t('rules.rowLabel', { position: index + 1, name: rule.name }),
          'aria-describedby': canEdit ? 'rules-keys-help' : null,
        },
        h(
          'div',
          { class: 'rule-head' },
          h('span', { class: 'rule-position', 'aria-hidden': 'true', text: `${index + 1}.` }),
          labelled(t('rules.name'), nameInput, `${path}.name`),
          h('span', { class: 'field' }, enabled, h('label', { for: enabled.id, text: t('rules.enabled') })),
          button('rules.moveUp', () => move(index, index - 1, 'rule-{i}-up'), `${p}-up`, index === 0),
          button(
            'rules.moveDown',
            () => move(index, index + 1, 'rule-{i}-down'),
            `${p}-down`,
            index === model.rules.length - 1,
          ),
          button(
            'rules.remove',
            () => {
              model.rules.splice(index, 1);
              redraw(model.rules.length ? `rule-${Math.min(index, model.rules.length - 1)}` : 'rules-add');
            },
            `${p}-remove`,
          ),
        ),
        h(
          'div',
          { class: 'rule-settings' },
          labelled(t('rules.when'), trigger, `${path}.trigger`),
          labelled(t('rules.match'), match, `${path}.match`),
          h('span', { class: 'field' }, stop, h('label', { for: stop.id, text: t('rules.stop') })),
        ),
        conditionsEditor(rule, index),
        actionsEditor(rule, index),
      );
      row.addEventListener('keydown', (event) => {
        // Alt+Arrow on the row itself: inside a select the arrows belong to the select.
        if (!canEdit || event.target !== row || !event.altKey) return;
        if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
          event.preventDefault();
          move(index, index + (event.key === 'ArrowUp' ? -1 : 1), 'rule-{i}');
        }
      });
      row.addEventListener('dragstart', (event) => {
        if (event.target !== row) return;
        model.dragFrom = index;
        event.dataTransfer?.setData('text/plain', String(index));
        if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      });
      row.addEventListener('dragover', (event) => {
        if (model.dragFrom === null) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      });
      row.addEventListener('drop', (event) => {
        event.preventDefault();
        const from = model.dragFrom;
        model.dragFrom = null;
        if (from !== null) move(from, index, 'rule-{i}');
      });
      row.addEventListener('dragend', () => (model.dragFrom = null));
      return row;
    }

    /** @param {Rule} rule @param {number} index */
    function conditionsEditor(rule, index) {
      const fields = model.vocabulary?.fields ?? [];
      const rows = rule.conditions.map((condition, j) => {
        const p = `rule-${index}-c${j}`;
        const path = `rules.${index}.conditions.${j}`;
        const spec = fieldSpec(condition.field);
        const field = select(
          `${p}-field`,
          fields.map((f) => ({ value: f.field, text: labelOf(FIELD_LABEL, f.field, t) })),
          condition.field,
          (v) => {
            rule.conditions[j] = defaultCondition(v);
            redraw(`${p}-field`);
          },
        );
        const op = select(
          `${p}-op`,
          (spec?.ops ?? []).map((o) => ({ value: o, text: labelOf(OP_LABEL, o, t) })),
          condition.op,
          (v) => {
            rule.conditions[j] = withValueFor({ ...condition, op: v }, spec && defaultValue(spec.value));
            redraw(`${p}-op`);
          },
        );
        return h(
          'li',
          { class: 'rule-part' },
          labelled(t('rules.conditionField'), field, `${path}.field`),
          labelled(t('rules.conditionOp'), op, `${path}.op`),
          spec && !PRESENCE_OPS.includes(condition.op)
            ? labelled(t('rules.conditionValue'), conditionValue(condition, spec, `${p}-value`), `${path}.value`)
            : null,
          editButton(t('rules.removeCondition'), () => {
            rule.conditions.splice(j, 1);
            redraw(`rule-${index}-add-condition`);
          }),
        );
      });
      return h(
        'fieldset',
        { class: 'rule-conditions' },
        h('legend', { text: t('rules.conditions') }),
        rows.length ? h('ul', {}, rows) : h('p', { class: 'help', text: t('rules.noConditions') }),
        editButton(
          t('rules.addCondition'),
          () => {
            rule.conditions.push(defaultCondition(fields[0]?.field ?? 'status'));
            redraw(`rule-${index}-c${rule.conditions.length - 1}-field`);
          },
          { id: `rule-${index}-add-condition`, disabled: !fields.length },
        ),
      );
    }

    /** @param {Condition} condition @param {FieldSpec} spec @param {string} id */
    function conditionValue(condition, spec, id) {
      const kind = spec.value.kind;
      if (kind === 'flag')
        return select(
          id,
          [
            { value: 'true', text: t('rules.yes') },
            { value: 'false', text: t('rules.no') },
          ],
          String(condition.value),
          (v) => (condition.value = v === 'true'),
        );
      const options = valueOptions(spec.value, condition.field);
      if (LIST_OPS.includes(condition.op)) {
        const chosen = Array.isArray(condition.value) ? condition.value.map(String) : [];
        if (kind === 'tag' || kind === 'text') return listInput(id, chosen, (v) => (condition.value = v));
        const el = h(
          'select',
          { id, multiple: true, size: Math.min(4, Math.max(2, options.length)) },
          options.map((o) => h('option', { value: o.value, text: o.text, selected: chosen.includes(o.value) })),
        );
        el.addEventListener('change', () => (condition.value = [...el.selectedOptions].map((o) => o.value)));
        return el;
      }
      if (kind === 'tag' || kind === 'text') {
        const input = h('input', { id, value: String(condition.value ?? '') });
        input.addEventListener('input', () => (condition.value = input.value));
        return input;
      }
      return select(id, options, String(condition.value ?? ''), (v) => (condition.value = v));
    }

    /** A comma-separated list. @param {string} id @param {string[]} values @param {(v: string[]) => void} onchange */
    function listInput(id, values, onchange) {
      const input = h('input', { id, value: values.join(', '), placeholder: t('rules.listPlaceholder') });
      input.addEventListener('input', () => onchange(splitList(input.value)));
      return input;
    }

    /** @param {Rule} rule @param {number} index */
    function actionsEditor(rule, index) {
      const specs = model.vocabulary?.actions ?? [];
      const rows = rule.actions.map((action, k) => {
        const p = `rule-${index}-a${k}`;
        const path = `rules.${index}.actions.${k}`;
        const type = select(
          `${p}-type`,
          specs.map((s) => ({ value: s.type, text: labelOf(ACTION_LABEL, s.type, t) })),
          action.type,
          (v) => {
            rule.actions[k] = defaultAction(v);
            redraw(`${p}-type`);
          },
        );
        const params = Object.entries(specs.find((s) => s.type === action.type)?.params ?? {}).map(([param, spec]) =>
          labelled(
            labelOf(PARAM_LABEL, param, t),
            actionParam(action, param, spec, `${p}-${param}`),
            `${path}.${param}`,
          ),
        );
        return h(
          'li',
          { class: 'rule-part' },
          labelled(t('rules.actionType'), type, `${path}.type`),
          params,
          editButton(t('rules.removeAction'), () => {
            rule.actions.splice(k, 1);
            redraw(`rule-${index}-add-action`);
          }),
        );
      });
      return h(
        'fieldset',
        { class: 'rule-actions', 'data-field': `rules.${index}.actions`, 'data-error-host': true },
        h('legend', { text: t('rules.actions') }),
        rows.length ? h('ul', {}, rows) : null,
        editButton(
          t('rules.addAction'),
          () => {
            rule.actions.push(defaultAction(specs[0]?.type ?? 'set_status'));
            redraw(`rule-${index}-a${rule.actions.length - 1}-type`);
          },
          { id: `rule-${index}-add-action`, disabled: !specs.length },
        ),
      );
    }

    /** @param {Action} action @param {string} param @param {ValueSpec} spec @param {string} id */
    function actionParam(action, param, spec, id) {
      const current = action[param];
      if (action.type === 'assign') {
        // Leave the field as it is, set nobody (null), or pick someone.
        const options = [
          { value: LEAVE, text: t('rules.leaveAsIs') },
          { value: NOBODY, text: t(param === 'userId' ? 'rules.nobody' : 'rules.noGroup') },
          ...valueOptions(spec, param),
        ];
        const selected = current === undefined ? LEAVE : current === null ? NOBODY : String(current);
        return select(id, options, selected, (v) => {
          if (v === LEAVE) delete action[param];
          else action[param] = v === NOBODY ? null : v;
        });
      }
      if (spec.kind === 'flag') {
        const box = h('input', { type: 'checkbox', id, checked: current === true });
        box.addEventListener('change', () => {
          if (box.checked) action[param] = true;
          else delete action[param];
        });
        return box;
      }
      if (spec.kind === 'tags' || spec.kind === 'emails')
        return listInput(id, Array.isArray(current) ? current.map(String) : [], (v) => {
          if (v.length || spec.kind === 'tags') action[param] = v;
          else delete action[param];
        });
      if (spec.kind === 'text') {
        const area = h('textarea', { id, rows: 2, value: String(current ?? '') });
        area.addEventListener('input', () => (action[param] = area.value));
        return area;
      }
      // set_status and set_priority name the same values as the status and priority fields.
      const labels = action.type === 'set_status' ? 'status' : action.type === 'set_priority' ? 'priority' : param;
      return select(id, valueOptions(spec, labels), String(current ?? ''), (v) => (action[param] = v));
    }

    // ----- talking to the API -------------------------------------------------------------------

    async function load() {
      say(status, t('shell.loading'), 'busy');
      conflict.hidden = true;
      try {
        const [saved, vocabulary, users, groups] = await Promise.all([
          ctx.api.versioned('GET', ctx.teamPath('/rules')),
          ctx.api('GET', ctx.teamPath('/rules/vocabulary')),
          ctx.api('GET', ctx.teamPath('/users')).catch(() => []),
          ctx.api('GET', ctx.teamPath('/groups')).catch(() => []),
        ]);
        model.rules = /** @type {Rule[]} */ (saved.data);
        model.etag = saved.etag;
        model.vocabulary = /** @type {Vocabulary} */ (vocabulary);
        model.users = /** @type {Named[]} */ (users);
        model.groups = /** @type {Named[]} */ (groups);
        model.loaded = true;
        for (const [lineSelect, key] of /** @type {const} */ ([
          [line1, 'rules.chooseLine1'],
          [line2, 'rules.chooseLine2'],
        ])) {
          clear(lineSelect).append(h('option', { value: '', text: t(key) }));
          for (const g of model.groups) lineSelect.append(h('option', { value: g.id, text: g.name }));
        }
        redraw();
        say(status, t('rules.loaded', { count: model.rules.length }), 'info');
        if (canEdit) await loadTemplates();
      } catch (err) {
        say(status, t('rules.loadFailed', { reason: errorMessage(err) }), 'error');
      }
    }

    async function loadTemplates() {
      const query = new URLSearchParams();
      if (line1.value) query.set('line1GroupId', line1.value);
      if (line2.value) query.set('line2GroupId', line2.value);
      try {
        model.templates = await ctx.api('GET', ctx.teamPath(`/rules/templates?${query}`));
      } catch (err) {
        say(status, errorMessage(err), 'error');
        return;
      }
      clear(templateList);
      for (const template of model.templates) {
        const ready = template.rule !== null;
        templateList.append(
          h(
            'li',
            { class: 'rule-template' },
            h('strong', { text: template.title }),
            ' ',
            h('span', { class: 'help', text: template.description }),
            ' ',
            // A recipe Switchboard holds by itself has nothing to add: say so instead of a button.
            template.builtIn
              ? h('span', { class: 'badge', id: `rules-template-${template.key}`, text: t('rules.templateBuiltIn') })
              : h('button', {
                  type: 'button',
                  class: 'button button-secondary',
                  id: `rules-template-${template.key}`,
                  'data-mutates': true,
                  disabled: !ready,
                  'aria-label': `${t('rules.addTemplate')}: ${template.title}`,
                  text: ready ? t('rules.addTemplate') : t('rules.templateNeedsLines'),
                  onclick: () => {
                    if (!template.rule) return;
                    model.rules.push(structuredClone(template.rule));
                    redraw(`rule-${model.rules.length - 1}`);
                    say(status, t('rules.templateAdded', { name: template.title }), 'info');
                  },
                }),
          ),
        );
      }
    }

    async function save() {
      errors.clear();
      conflict.hidden = true;
      say(status, t('rules.saving'), 'busy');
      saveButton.disabled = true;
      try {
        const saved = await ctx.api.versioned('PUT', ctx.teamPath('/rules'), model.rules, model.etag);
        model.rules = /** @type {Rule[]} */ (saved.data);
        model.etag = saved.etag;
        redraw();
        say(status, t('rules.saved'), 'ok');
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          showConflict();
          say(status, errorMessage(err), 'error');
        } else {
          const input = errors.show(fieldOf(err), errorMessage(err));
          say(status, t('rules.saveFailed', { reason: errorMessage(err) }), 'error');
          input?.focus();
        }
      } finally {
        saveButton.disabled = false;
      }
    }

    function showConflict() {
      clear(conflict).append(
        h('p', { text: t('rules.conflict') }),
        h('button', {
          type: 'button',
          class: 'button button-secondary',
          id: 'rules-reload',
          text: t('rules.reload'),
          onclick: () => void load(),
        }),
      );
      conflict.hidden = false;
      document.getElementById('rules-reload')?.focus();
    }

    async function dryRun() {
      say(status, t('rules.dryRunning'), 'busy');
      try {
        /** @type {{ results: DryRunResult[] }} */
        const answer = await ctx.api('POST', ctx.teamPath('/rules/dry-run'), { rules: model.rules });
        showDryRun(answer.results);
        say(status, t('rules.dryRunDone', { count: answer.results.length }), 'info');
      } catch (err) {
        errors.show(fieldOf(err), errorMessage(err));
        say(status, t('rules.dryRunFailed', { reason: errorMessage(err) }), 'error');
      }
    }

    /** @param {DryRunResult[]} results */
    function showDryRun(results) {
      clear(dryRunOut).append(
        h('h3', { text: t('rules.dryRunTitle') }),
        results.length
          ? h(
              'ul',
              { id: 'rules-dry-run-results' },
              results.map((r) =>
                h(
                  'li',
                  {},
                  h('strong', { text: t('rules.dryRunTicket', { id: r.ticketId }) }),
                  ` (${labelOf(TRIGGER_LABEL, r.trigger, t, asIs)}): `,
                  r.fired.length
                    ? r.fired
                        .map((f) => `${f.name} → ${f.actions.map((a) => labelOf(ACTION_LABEL, a.type, t)).join(', ')}`)
                        .join('; ')
                    : t('rules.dryRunNone'),
                ),
              ),
            )
          : h('p', { class: 'help', text: t('rules.dryRunEmpty') }),
      );
      dryRunOut.hidden = false;
    }

    return {
      show() {
        if (!model.loaded) void load();
      },
    };
  },
};
