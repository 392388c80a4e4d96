// Manage > Chat: the panel's only script. Plain ES module, no framework, no build step.
// Everything shown comes from the JSON API under /api; user data is rendered as text nodes only.

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
const userRole = document.querySelector('meta[name="user-role"]')?.getAttribute('content') ?? 'agent';
const canEdit = userRole === 'admin' || userRole === 'manager';

const PREVIEW_DELAY_MS = 300;
const DAYS = [
  ['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'],
  ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday'],
];
const GROUPS = [
  { key: 'calls', title: 'Calls', intro: 'Texts sent to a caller after something happens on a call.' },
  { key: 'messages', title: 'Messages', intro: 'Replies to customers who write by SMS or WhatsApp, or open a ticket.' },
  { key: 'requests', title: 'Requests', intro: 'Messages an agent sends on purpose. Switch one off to take it away from agents.' },
];
const TABS = [
  { id: 'replies', label: 'Automated replies' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'call-flow', label: 'Call flow' },
  { id: 'missed-calls', label: 'Missed calls' },
  { id: 'rla', label: 'Response levels' },
  { id: 'tickets', label: 'Tickets' },
  { id: 'history', label: 'History' },
];
// Tabs whose controls agents may use too (the API lets an agent change a ticket).
const AGENT_TABS = new Set(['tickets']);
const CHANNEL_LABELS = { sms: 'SMS', whatsapp: 'WhatsApp', web: 'Web', app: 'App', voice: 'Voice' };
const ACTION_LABELS = {
  'auto_reply.updated': 'Automated reply changed',
  'auto_reply.reset': 'Automated reply reset to default',
  'schedule.updated': 'Opening hours changed',
  'team.updated': 'Team settings changed',
  'user.created': 'User added',
  'notification_secret.rotated': 'Webhook secret generated',
};

// Calls, response levels and tickets: the API's values and the words shown for them.
const PROMPT_PLACEHOLDERS = [
  ['company_name', 'Your company name'],
  ['team_name', 'The team name'],
  ['next_open', 'When the team opens next'],
  ['business_hours', 'The weekly opening hours'],
];
const MENU_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MAX_MENU_OPTIONS = MENU_KEYS.length;
const MAX_RING_NUMBERS = 10;
const FINISH_KEYS = [['#', '# (hash)'], ['*', '* (star)'], ['0', '0'], ['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'], ['6', '6'], ['7', '7'], ['8', '8'], ['9', '9'], ['', 'None: stop on silence or hang-up']];
const SAY_VOICES = ['alice', 'man', 'woman', 'Polly.Joanna', 'Polly.Matthew', 'Polly.Amy', 'Polly.Brian', 'Polly.Ewa', 'Polly.Jacek', 'Polly.Tatyana', 'Polly.Maxim'];
const PRIORITIES = [['low', 'Low'], ['normal', 'Normal'], ['high', 'High'], ['urgent', 'Urgent']];
const PRIORITY_LABELS = Object.fromEntries(PRIORITIES);
const TICKET_STATUSES = [['open', 'Open'], ['pending', 'Pending'], ['closed', 'Closed']];
const STATUS_LABELS = Object.fromEntries(TICKET_STATUSES);
const SOURCES = [['missed_call', 'Missed call'], ['voicemail', 'Voicemail'], ['call', 'Call'], ['message', 'Message'], ['api', 'API']];
const SOURCE_LABELS = Object.fromEntries(SOURCES);
const RLA_STATES = { met: 'met', pending: 'pending', warning: 'due soon', breached: 'breached', none: 'no target' };
const OUTCOME_LABELS = {
  customer_hangup: 'Caller hung up', missed_call: 'Missed call', voicemail_left: 'Voicemail left', after_hours_call: 'After-hours call',
  call_completed: 'Answered', busy: 'Busy', failed: 'Failed', no_answer: 'No answer',
};
const EVENT_LABELS = {
  created: 'Ticket opened', call: 'Call', voicemail: 'Voicemail', message: 'Message from the customer',
  reply_sent: 'Reply sent', reply_skipped: 'Automated reply not sent', status_changed: 'Status changed',
  priority_changed: 'Priority changed', assigned: 'Assignee changed', tags_changed: 'Tags changed',
  first_response: 'First response', rla_warning: 'Response level: due soon', rla_breach: 'Response level: breached',
};
const ACTOR_LABELS = { system: 'Switchboard', rla: 'Response levels', customer: 'Customer', 'auto-reply': 'Automated reply', admin: 'Administrator' };

// ---------------------------------------------------------------------------------------------
// DOM and HTTP helpers

/** Creates an element. Strings among the children become text nodes, never markup. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'checked' || key === 'value' || key === 'disabled' || key === 'hidden' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let idSeq = 0;
const uid = (prefix) => `${prefix}-${(idSeq += 1)}`;

class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `The server answered ${status}`);
    this.status = status;
    this.code = error?.code ?? `http_${status}`;
    this.field = error?.field ?? null;
  }
}

/** Every call carries the session cookie and the CSRF token; a lost session goes to sign-in. */
async function api(method, path, body, signal) {
  const headers = { Accept: 'application/json', 'X-CSRF-Token': csrfToken };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    throw new ApiError(0, { code: 'network', message: 'Could not reach Switchboard. Check your connection and try again.' });
  }
  if (res.status === 401) {
    window.location.assign('/manage/login');
    throw new ApiError(401, { code: 'unauthorized', message: 'Your session has ended. Sign in again.' });
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error);
  return data;
}

const teamPath = (suffix = '') => `/teams/${encodeURIComponent(state.teamId)}${suffix}`;

/** Writes a status message (role=status regions are announced politely). */
function say(region, message, tone = 'ok') {
  region.dataset.tone = tone;
  region.textContent = message;
}

/** Drops the "field: " prefix the API puts before a validation message. */
function messageFor(err) {
  if (err.field && err.message.startsWith(`${err.field}: `)) return capitalize(err.message.slice(err.field.length + 2));
  return capitalize(err.message);
}

function capitalize(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const clockTime = () => new Date().toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

// Inline field errors: the message sits next to the field, which points at it.

function showFieldError(input, errorEl, message) {
  errorEl.textContent = message;
  errorEl.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  const ids = new Set((input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
  ids.add(errorEl.id);
  input.setAttribute('aria-describedby', [...ids].join(' '));
}

function clearFieldError(input, errorEl) {
  errorEl.textContent = '';
  errorEl.hidden = true;
  input.removeAttribute('aria-invalid');
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== errorEl.id);
  if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
  else input.removeAttribute('aria-describedby');
}

function errorSlot() {
  return h('p', { class: 'field-error', id: uid('err'), hidden: true });
}

/**
 * Inline errors for a form whose inputs carry the API's field paths in data-field: an error goes
 * next to the field it names, or the nearest part of the form that exists.
 */
function inlineErrors(root) {
  const shown = [];
  return {
    show(field, message) {
      const parts = (field ?? '').split('.');
      let host = null;
      while (parts.length && !host) {
        host = root.querySelector(`[data-field="${CSS.escape(parts.join('.'))}"]`);
        if (!host) parts.pop();
      }
      if (!host) return null;
      const input = host.matches('input, select, textarea') ? host : host.querySelector('input, select, textarea') ?? host;
      const slotHost = host.closest('[data-error-host]') ?? host.parentElement;
      const slot = [...slotHost.children].find((c) => c.classList.contains('field-error')) ?? slotHost.appendChild(errorSlot());
      showFieldError(input, slot, message);
      shown.push([input, slot]);
      return input;
    },
    clear() {
      for (const [input, slot] of shown.splice(0)) clearFieldError(input, slot);
    },
  };
}

/** Inserts at the cursor (or over the selection) and gives focus back, as a placeholder chip does. */
function insertAtCursor(input, text) {
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? start;
  input.setRangeText(text, start, end, 'end');
  input.focus();
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Checks what the browser can check before a save: whole numbers and required values, in the
 * enabled fields of `root`. Marks each problem inline and returns the first field that has one.
 */
function checkBeforeSave(root, errors) {
  let first = null;
  for (const input of root.querySelectorAll('[data-whole], [data-required]')) {
    if (input.disabled || input.closest('[hidden]')) continue;
    const value = input.value.trim();
    const problem = 'required' in input.dataset && value === ''
      ? input.dataset.required || 'Fill this in.'
      : 'whole' in input.dataset && !/^-?\d+$/.test(value) ? 'Enter a whole number.' : null;
    if (problem && errors.show(input.dataset.field, problem)) first ??= input;
  }
  return first;
}

/** Clears old errors and runs checkBeforeSave; on a problem, focuses it and says the form was not saved. */
function readyToSave(form, errors, status) {
  errors.clear();
  const first = checkBeforeSave(form, errors);
  if (!first) return true;
  first.focus();
  say(status, 'Not saved: fix the field marked in red.', 'error');
  return false;
}

const wholeNumber = (input) => Number(input.value.trim());
const textOrNull = (value) => (value.trim() === '' ? null : value);

/** "90" → "1 h 30 min": the hint next to a number of minutes. */
function humanMinutes(minutes) {
  if (!Number.isInteger(minutes) || minutes < 0) return '';
  if (minutes === 0) return 'none';
  const parts = [];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (rest) parts.push(`${rest} min`);
  return parts.join(' ');
}

/** A user-facing name for who did something on a ticket ("user:ann@…" → "ann@…"). */
function actorLabel(actor) {
  if (ACTOR_LABELS[actor]) return ACTOR_LABELS[actor];
  const colon = actor.indexOf(':');
  if (colon > 0 && actor.slice(0, colon) === 'user') return actor.slice(colon + 1);
  return actor;
}

const timeOf = (iso) => (iso ? h('time', { datetime: iso, text: timeFormat.format(new Date(iso)) }) : '—');
const humanize = (code) => capitalize(String(code).replaceAll('_', ' '));
const isWebUrl = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);

// ---------------------------------------------------------------------------------------------
// State and shell

const state = { teams: [], teamId: null, team: null, replies: [], schedule: null };
const app = document.getElementById('app');
const teamSlot = document.getElementById('team-slot');
let globalStatus;
const panels = {};
const tabButtons = {};

async function start() {
  try {
    state.teams = await api('GET', '/teams');
  } catch (err) {
    return fatal(err);
  }
  clear(app);
  app.removeAttribute('aria-busy');
  if (state.teams.length === 0) {
    append(app, h('div', { class: 'empty card' },
      h('h1', { text: 'No teams yet' }),
      h('p', { text: 'Create a team through the API (POST /api/teams) and it will appear here.' })));
    return;
  }
  const wanted = new URLSearchParams(window.location.search).get('team');
  state.teamId = state.teams.some((t) => t.id === wanted) ? wanted : state.teams[0].id;
  renderTeamSlot();
  renderShell();
  await loadTeam();
}

function fatal(err) {
  clear(app);
  app.removeAttribute('aria-busy');
  append(app, h('div', { class: 'notice notice-error', role: 'alert' },
    h('strong', { text: 'The panel could not load. ' }), err.message));
}

function renderTeamSlot() {
  clear(teamSlot);
  if (userRole === 'admin') {
    const select = h('select', { id: 'team-picker', onchange: () => switchTeam(select.value) },
      state.teams.map((t) => h('option', { value: t.id, selected: t.id === state.teamId, text: t.name === t.companyName ? t.name : `${t.name} · ${t.companyName}` })));
    append(teamSlot, h('label', { for: 'team-picker', class: 'team-label', text: 'Team' }), select);
  } else {
    const team = state.teams.find((t) => t.id === state.teamId);
    append(teamSlot, h('span', { class: 'team-label', text: 'Team' }), h('span', { class: 'team-name', text: team?.name ?? '' }));
  }
}

async function switchTeam(teamId) {
  state.teamId = teamId;
  const url = new URL(window.location.href);
  url.searchParams.set('team', teamId);
  window.history.replaceState(null, '', url);
  await loadTeam();
  say(globalStatus, `Showing the settings of ${state.team?.name ?? 'the team'}.`);
}

function renderShell() {
  const heading = h('h1', { id: 'page-title', text: 'Chat' });
  const subtitle = h('p', { class: 'subtitle', id: 'page-subtitle' });
  // Read out on a team switch; the subtitle already shows it on screen.
  globalStatus = h('p', { class: 'visually-hidden', role: 'status', id: 'global-status' });
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Chat settings' });
  for (const tab of TABS) {
    const button = h('button', {
      type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `panel-${tab.id}`,
      'aria-selected': 'false', tabindex: '-1', text: tab.label,
      onclick: () => selectTab(tab.id),
      onkeydown: (event) => onTabKey(event, tab.id),
    });
    tabButtons[tab.id] = button;
    tablist.append(button);
    panels[tab.id] = h('section', { class: 'tabpanel', role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, tabindex: '0', hidden: true });
  }
  append(app,
    h('div', { class: 'page-head' }, heading, subtitle),
    canEdit ? null : h('p', { class: 'notice', text: 'You can look at these settings; only a manager can change them. You can work on tickets.' }),
    globalStatus,
    tablist,
    Object.values(panels));
  const fromHash = window.location.hash.slice(1);
  selectTab(TABS.some((t) => t.id === fromHash) ? fromHash : 'replies', { focus: false });
  window.addEventListener('hashchange', () => {
    const id = window.location.hash.slice(1);
    if (TABS.some((t) => t.id === id)) selectTab(id, { focus: false });
  });
}

let currentTab = null;
function selectTab(id, { focus = true } = {}) {
  currentTab = id;
  for (const tab of TABS) {
    const selected = tab.id === id;
    tabButtons[tab.id].setAttribute('aria-selected', String(selected));
    tabButtons[tab.id].tabIndex = selected ? 0 : -1;
    panels[tab.id].hidden = !selected;
  }
  if (focus) tabButtons[id].focus();
  if (window.location.hash.slice(1) !== id) window.history.replaceState(null, '', `#${id}`);
  if (id === 'history' && state.team) loadHistory();
  if (id === 'tickets' && state.team) loadTickets();
  if (id === 'call-flow' && state.team) loadCalls();
}

// Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes on into the panel.
function onTabKey(event, id) {
  const index = TABS.findIndex((t) => t.id === id);
  const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
  if (!(event.key in moves)) return;
  event.preventDefault();
  const next = (moves[event.key] + TABS.length) % TABS.length;
  selectTab(TABS[next].id);
}

async function loadTeam() {
  for (const panel of Object.values(panels)) {
    clear(panel);
    panel.append(h('p', { class: 'loading', text: 'Loading…' }));
  }
  try {
    const [team, replies, schedule] = await Promise.all([
      api('GET', teamPath()),
      api('GET', teamPath('/auto-replies')),
      api('GET', teamPath('/schedule')),
    ]);
    Object.assign(state, { team, replies, schedule });
  } catch (err) {
    for (const panel of Object.values(panels)) {
      clear(panel);
      panel.append(h('p', { class: 'notice notice-error', role: 'alert', text: `Could not load this team: ${err.message}` }));
    }
    return;
  }
  document.getElementById('page-subtitle').textContent =
    `Automated replies, opening hours, calls and tickets for ${state.team.name} (${state.team.companyName}).`;
  renderReplies();
  renderSchedule();
  renderCallFlow();
  renderMissedCalls();
  renderRla();
  renderTicketsShell();
  renderHistoryShell();
  if (currentTab === 'history') loadHistory();
  if (currentTab === 'tickets') loadTickets();
  if (currentTab === 'call-flow') loadCalls();
  if (!canEdit) makeReadOnly();
}

function makeReadOnly() {
  for (const [id, panel] of Object.entries(panels)) {
    if (AGENT_TABS.has(id)) continue;
    for (const el of panel.querySelectorAll('input, select, textarea, [data-mutates]')) el.disabled = true;
  }
}

// ---------------------------------------------------------------------------------------------
// Automated replies

function renderReplies() {
  const panel = clear(panels.replies);
  append(panel, h('p', { class: 'panel-intro', text: 'Messages sent to customers when something happens. Switch off the ones you do not want sent; open Edit to change the text.' }));
  for (const group of GROUPS) {
    const entries = state.replies.filter((r) => r.group === group.key);
    if (entries.length === 0) continue;
    const headingId = `group-${group.key}`;
    append(panel, h('section', { class: 'reply-group', 'aria-labelledby': headingId },
      h('div', { class: 'group-head' },
        h('h2', { id: headingId, text: group.title }),
        h('p', { class: 'group-intro', text: group.intro })),
      h('ul', { class: 'cards', role: 'list' }, entries.map(replyCard))));
  }
}

function replyCard(initial) {
  let entry = initial;
  const kind = entry.kind;
  const titleId = `title-${kind}`;
  const editorId = `editor-${kind}`;

  // Head: title, when it fires, tags and the on/off switch.
  const bodyTag = h('span', { class: 'tag' });
  const switchInput = h('input', {
    type: 'checkbox', role: 'switch', class: 'switch', id: `enabled-${kind}`, checked: entry.enabled,
    'aria-label': `Send “${entry.title}”`, 'aria-describedby': `fires-${kind}`,
  });
  const switchText = h('span', { class: 'switch-text', 'aria-hidden': 'true' });
  const switchStatus = h('p', { class: 'card-status', role: 'status', id: `enabled-status-${kind}` });
  const showSwitch = () => {
    switchText.textContent = switchInput.checked ? 'On' : 'Off';
    card.classList.toggle('is-off', !switchInput.checked);
  };
  const showBodyTag = () => {
    bodyTag.textContent = entry.isDefaultBody ? 'Default text' : 'Custom text';
    bodyTag.classList.toggle('tag-custom', !entry.isDefaultBody);
  };

  // Switching saves at once; changes made quickly one after another are sent in order.
  let switchQueue = Promise.resolve();
  switchInput.addEventListener('change', () => {
    const wanted = switchInput.checked;
    showSwitch();
    say(switchStatus, 'Saving…', 'busy');
    switchQueue = switchQueue.then(async () => {
      try {
        entry = await api('PUT', teamPath(`/auto-replies/${encodeURIComponent(kind)}`), { enabled: wanted });
        say(switchStatus, `Saved: “${entry.title}” is ${entry.enabled ? 'on' : 'off'}.`);
      } catch (err) {
        switchInput.checked = !wanted;
        showSwitch();
        say(switchStatus, `Not saved: ${err.message}`, 'error');
      }
    });
  });

  const editButton = h('button', {
    type: 'button', class: 'button button-secondary edit-toggle', 'aria-expanded': 'false', 'aria-controls': editorId,
    id: `edit-${kind}`,
  }, h('span', { class: 'edit-label', text: 'Edit' }), h('span', { class: 'visually-hidden', text: ` “${entry.title}”` }));

  const editor = h('div', { class: 'editor', id: editorId, hidden: true });
  let editorBuilt = false;
  editButton.addEventListener('click', () => {
    const open = editButton.getAttribute('aria-expanded') !== 'true';
    if (open && !editorBuilt) {
      buildEditor();
      editorBuilt = true;
    }
    editButton.setAttribute('aria-expanded', String(open));
    editButton.querySelector('.edit-label').textContent = open ? 'Close' : 'Edit';
    editor.hidden = !open;
    card.classList.toggle('is-open', open);
  });

  const card = h('li', { class: 'card reply-card', 'data-kind': kind, 'aria-labelledby': titleId },
    h('div', { class: 'card-head' },
      h('div', { class: 'card-title' },
        h('h3', { id: titleId, text: entry.title }),
        h('p', { class: 'fires', id: `fires-${kind}`, text: `${capitalize(entry.firesWhen)}.` }),
        h('p', { class: 'tags' },
          h('span', { class: 'tag', text: entry.channels.map((c) => CHANNEL_LABELS[c] ?? c).join(' · ') }),
          h('span', { class: 'tag', text: entry.trigger === 'agent' ? 'Sent by an agent' : 'Automatic' }),
          bodyTag)),
      h('div', { class: 'card-controls' },
        h('div', { class: 'switch-field' }, switchInput, h('label', { for: switchInput.id, class: 'switch-label' }, switchText)),
        editButton)),
    switchStatus,
    editor);
  showSwitch();
  showBodyTag();

  function buildEditor() {
    const bodyInput = h('textarea', { id: `body-${kind}`, class: 'body-input', rows: '5', spellcheck: 'true', 'aria-describedby': `body-help-${kind}` });
    bodyInput.value = entry.body;
    const bodyError = errorSlot();
    const companyBox = h('input', { type: 'checkbox', id: `company-${kind}`, checked: entry.options.includeCompanyName });
    const teamBox = h('input', { type: 'checkbox', id: `team-${kind}`, checked: entry.options.includeTeamName });
    const extraInput = h('input', { type: 'text', id: `extra-${kind}`, maxlength: '500', autocomplete: 'off', 'aria-describedby': `extra-help-${kind}` });
    extraInput.value = entry.options.extraMessage ?? '';
    const extraError = errorSlot();
    const automatic = entry.trigger === 'event';
    const repeatInput = automatic
      ? h('input', { type: 'number', id: `repeat-${kind}`, class: 'narrow', min: '0', max: '720', step: '1', inputmode: 'numeric', 'aria-describedby': `repeat-help-${kind}` })
      : null;
    if (repeatInput) repeatInput.value = String(entry.repeatWindowHours ?? 0);
    const repeatError = errorSlot();
    const fields = { body: [bodyInput, bodyError], 'options.extraMessage': [extraInput, extraError], repeatWindowHours: repeatInput ? [repeatInput, repeatError] : null };

    const previewText = h('p', { class: 'bubble', id: `preview-text-${kind}` });
    const previewMeta = h('p', { class: 'preview-meta', id: `preview-meta-${kind}` });
    const previewWarnings = h('ul', { class: 'warnings', id: `preview-warnings-${kind}` });
    const saveStatus = h('p', { class: 'save-status', role: 'status', id: `save-status-${kind}` });

    // Placeholder chips insert at the cursor (or replace the selection) and give focus back.
    let lastFocused = bodyInput;
    bodyInput.addEventListener('focus', () => { lastFocused = bodyInput; });
    extraInput.addEventListener('focus', () => { lastFocused = extraInput; });
    const chips = entry.placeholders.map((p) =>
      h('button', {
        type: 'button', class: 'chip', title: p.description, 'data-placeholder': p.name, 'data-mutates': '',
        'aria-label': `Insert ${p.name.replaceAll('_', ' ')}: ${p.description}`,
        onclick: () => insertAtCursor(lastFocused, `{{ ${p.name} }}`),
      }, `{{ ${p.name} }}`));

    const currentOptions = () => ({
      includeCompanyName: companyBox.checked,
      includeTeamName: teamBox.checked,
      extraMessage: extraInput.value.trim() === '' ? null : extraInput.value,
    });

    // Live preview: debounced, and an answer to an older request never overwrites a newer one.
    let timer = null;
    let controller = null;
    const schedulePreview = () => {
      clearTimeout(timer);
      timer = setTimeout(runPreview, PREVIEW_DELAY_MS);
    };
    async function runPreview() {
      controller?.abort();
      controller = new AbortController();
      const body = bodyInput.value;
      if (body.trim() === '') {
        showPreviewProblem('Write a message to see the preview.');
        return;
      }
      try {
        const preview = await api('POST', teamPath(`/auto-replies/${encodeURIComponent(kind)}/preview`), { body, options: currentOptions() }, controller.signal);
        clearFieldError(bodyInput, bodyError);
        clearFieldError(extraInput, extraError);
        editor.classList.remove('preview-stale');
        previewText.textContent = preview.text;
        previewMeta.textContent = measureText(preview);
        clear(previewWarnings);
        for (const warning of preview.warnings ?? []) previewWarnings.append(h('li', { class: 'warning', text: capitalize(warning.message) }));
      } catch (err) {
        if (err?.name === 'AbortError') return;
        const target = err.field ? fields[err.field] : null;
        if (target) showFieldError(target[0], target[1], messageFor(err));
        showPreviewProblem(target ? 'Fix the text to see the preview.' : `No preview: ${err.message}`);
      }
    }
    function showPreviewProblem(message) {
      editor.classList.add('preview-stale');
      previewMeta.textContent = message;
      clear(previewWarnings);
    }

    for (const input of [bodyInput, extraInput]) input.addEventListener('input', schedulePreview);
    for (const box of [companyBox, teamBox]) box.addEventListener('change', schedulePreview);

    const form = h('form', { class: 'editor-form', novalidate: true, 'aria-label': `Edit “${entry.title}”` },
      h('div', { class: 'editor-grid' },
        h('div', { class: 'editor-fields' },
          h('div', { class: 'field' },
            h('label', { for: bodyInput.id, text: 'Message text' }),
            bodyInput,
            h('p', { class: 'help', id: `body-help-${kind}`, text: 'Placeholders in {{ double braces }} are filled in when the message is sent.' }),
            bodyError),
          h('div', { class: 'chips', role: 'group', 'aria-labelledby': `chips-label-${kind}` },
            h('span', { class: 'chips-label', id: `chips-label-${kind}`, text: 'Insert a placeholder' }),
            chips),
          h('fieldset', { class: 'options' },
            h('legend', { text: 'Options' }),
            h('div', { class: 'check' }, companyBox, h('label', { for: companyBox.id, text: `Include the company name (${state.team.companyName})` })),
            h('div', { class: 'check' }, teamBox, h('label', { for: teamBox.id, text: `Include the team name (${state.team.name})` })),
            h('div', { class: 'field' },
              h('label', { for: extraInput.id, text: 'Extra message' }),
              extraInput,
              h('p', { class: 'help', id: `extra-help-${kind}`, text: 'Optional. Added after the text, e.g. a link or a reminder.' }),
              extraError)),
          repeatInput && h('div', { class: 'field' },
            h('label', { for: repeatInput.id, text: 'Send at most once per customer every' }),
            h('div', { class: 'inline' }, repeatInput, h('span', { text: 'hours' })),
            h('p', { class: 'help', id: `repeat-help-${kind}`, text: '0 sends it every time.' }),
            repeatError)),
        h('section', { class: 'preview', 'aria-labelledby': `preview-h-${kind}` },
          h('h4', { id: `preview-h-${kind}`, text: 'Preview' }),
          h('p', { class: 'help', text: 'With sample values for the customer and ticket.' }),
          h('div', { class: 'preview-live', 'aria-live': 'polite', id: `preview-${kind}` }, previewText, previewMeta, previewWarnings))),
      h('div', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: 'Save' }),
        h('button', { type: 'button', class: 'button button-secondary', 'data-mutates': '', text: 'Reset to default', onclick: reset }),
        saveStatus));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save();
    });
    editor.append(form);

    async function save() {
      clearTimeout(timer);
      for (const pair of Object.values(fields)) if (pair) clearFieldError(pair[0], pair[1]);
      if (bodyInput.value.trim() === '') {
        showFieldError(bodyInput, bodyError, 'Write a message, or use “Reset to default” to go back to the standard text.');
        say(saveStatus, 'Not saved: the message text is empty.', 'error');
        bodyInput.focus();
        return;
      }
      const update = { options: currentOptions() };
      if (bodyInput.value.trim() !== entry.body) update.body = bodyInput.value;
      if (repeatInput) update.repeatWindowHours = repeatInput.value === '' ? null : Number(repeatInput.value);
      say(saveStatus, 'Saving…', 'busy');
      try {
        entry = await api('PUT', teamPath(`/auto-replies/${encodeURIComponent(kind)}`), update);
        fill();
        say(saveStatus, `Saved at ${clockTime()}.`);
      } catch (err) {
        const target = err.field ? fields[err.field] : null;
        if (target) {
          showFieldError(target[0], target[1], messageFor(err));
          target[0].focus();
        }
        say(saveStatus, `Not saved: ${target ? 'fix the field marked in red.' : err.message}`, 'error');
      }
    }

    async function reset() {
      if (!window.confirm(`Go back to the default text and options of “${entry.title}”? Your text will be lost.`)) return;
      say(saveStatus, 'Resetting…', 'busy');
      try {
        entry = await api('POST', teamPath(`/auto-replies/${encodeURIComponent(kind)}/reset`));
        for (const pair of Object.values(fields)) if (pair) clearFieldError(pair[0], pair[1]);
        fill();
        switchInput.checked = entry.enabled;
        showSwitch();
        say(saveStatus, `Reset to the default text. Saved at ${clockTime()}.`);
      } catch (err) {
        say(saveStatus, `Not reset: ${err.message}`, 'error');
      }
    }

    function fill() {
      bodyInput.value = entry.body;
      companyBox.checked = entry.options.includeCompanyName;
      teamBox.checked = entry.options.includeTeamName;
      extraInput.value = entry.options.extraMessage ?? '';
      if (repeatInput) repeatInput.value = String(entry.repeatWindowHours ?? 0);
      showBodyTag();
      runPreview();
    }

    runPreview();
  }

  return card;
}

function measureText(preview) {
  const segments = `${preview.segments} ${preview.segments === 1 ? 'segment' : 'segments'}`;
  const characters = `${preview.characters} ${preview.characters === 1 ? 'character' : 'characters'}`;
  return `${preview.encoding} · ${segments} · ${characters}`;
}

// ---------------------------------------------------------------------------------------------
// Schedule

function renderSchedule() {
  const panel = clear(panels.schedule);
  const model = structuredClone(state.schedule);
  for (const [day] of DAYS) model.weekly[day] ??= [];
  const status = h('p', { class: 'save-status', role: 'status', id: 'schedule-status' });
  const errors = inlineErrors(panel);

  const tzInput = h('input', { type: 'text', id: 'schedule-timezone', list: 'timezones', autocomplete: 'off', spellcheck: 'false', 'data-field': 'timezone', 'aria-describedby': 'tz-help' });
  tzInput.value = model.timezone;
  tzInput.addEventListener('input', () => { model.timezone = tzInput.value.trim(); });
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const tzError = errorSlot();

  const weekList = h('ul', { class: 'week', role: 'list' });
  const exceptionList = h('ul', { class: 'exceptions', role: 'list' });

  function intervalEditor(intervals, path, label, rerender) {
    return intervals.map((interval, i) => {
      const opens = timeInput(interval, 0, `${path}.${i}.0`, `${label}, hours ${i + 1}, opens`);
      const closes = timeInput(interval, 1, `${path}.${i}.1`, `${label}, hours ${i + 1}, closes`);
      return h('div', { class: 'interval', 'data-field': `${path}.${i}`, 'data-error-host': '' },
        h('div', { class: 'interval-inputs' },
          opens, h('span', { class: 'dash', 'aria-hidden': 'true', text: '–' }), closes,
          h('button', {
            type: 'button', class: 'button button-quiet button-small', 'data-mutates': '',
            'aria-label': `Remove ${label} hours ${i + 1}`, text: 'Remove',
            onclick: () => { intervals.splice(i, 1); rerender(`${path}.add`); },
          })),
        errorSlot());
    });
  }

  function timeInput(interval, index, field, label) {
    const input = h('input', {
      type: 'text', class: 'time', inputmode: 'numeric', placeholder: 'HH:MM', maxlength: '5', size: '5',
      autocomplete: 'off', 'aria-label': label, 'data-field': field, pattern: '[0-2][0-9]:[0-5][0-9]',
    });
    input.value = interval[index];
    input.addEventListener('input', () => { interval[index] = input.value.trim(); });
    return input;
  }

  function renderWeek(focusField) {
    clear(weekList);
    for (const [day, name] of DAYS) {
      const intervals = model.weekly[day];
      const rerender = (field) => renderWeek(field);
      weekList.append(h('li', { class: 'day-row', 'data-field': `weekly.${day}`, 'data-error-host': '' },
        h('span', { class: 'day-name', id: `day-${day}`, text: name }),
        h('div', { class: 'day-hours' },
          intervals.length === 0 ? h('span', { class: 'closed', text: 'Closed' }) : intervalEditor(intervals, `weekly.${day}`, name, rerender),
          errorSlot()),
        h('button', {
          type: 'button', class: 'button button-secondary button-small', 'data-mutates': '', 'data-field': `weekly.${day}.add`,
          'aria-label': `Add hours on ${name}`, text: 'Add hours',
          onclick: () => {
            const last = intervals.at(-1);
            intervals.push(last ? [last[1] === '24:00' ? '00:00' : last[1], '24:00'] : ['09:00', '17:00']);
            renderWeek(`weekly.${day}.${intervals.length - 1}.0`);
          },
        })));
    }
    focusAfterRender(weekList, focusField);
  }

  function renderExceptions(focusField) {
    clear(exceptionList);
    if (model.exceptions.length === 0) exceptionList.append(h('li', { class: 'muted', text: 'No exceptions: the weekly hours apply every day.' }));
    model.exceptions.forEach((exception, i) => {
      const path = `exceptions.${i}`;
      const dateInput = h('input', { type: 'date', id: `exception-date-${i}`, 'data-field': `${path}.date`, value: exception.date ?? '' });
      dateInput.addEventListener('input', () => { exception.date = dateInput.value; });
      const kindSelect = h('select', { id: `exception-kind-${i}`, 'data-field': `${path}.kind` },
        h('option', { value: 'closed', selected: !exception.hours, text: 'Closed all day' }),
        h('option', { value: 'hours', selected: Boolean(exception.hours), text: 'Open with special hours' }));
      kindSelect.addEventListener('change', () => {
        if (kindSelect.value === 'hours') {
          delete exception.closed;
          exception.hours = [['10:00', '14:00']];
        } else {
          delete exception.hours;
          exception.closed = true;
        }
        renderExceptions(`${path}.kind`);
      });
      const label = `Exception ${i + 1}`;
      exceptionList.append(h('li', { class: 'exception-row', 'data-field': path, 'data-error-host': '' },
        h('div', { class: 'exception-main' },
          h('div', { class: 'field' }, h('label', { for: dateInput.id, text: 'Date' }), dateInput),
          h('div', { class: 'field' }, h('label', { for: kindSelect.id, text: 'On this day' }), kindSelect),
          h('button', {
            type: 'button', class: 'button button-quiet button-small', 'data-mutates': '', 'aria-label': `Remove exception ${i + 1}`, text: 'Remove',
            onclick: () => { model.exceptions.splice(i, 1); renderExceptions('exceptions.add'); },
          })),
        exception.hours
          ? h('div', { class: 'exception-hours', 'data-field': `${path}.hours`, 'data-error-host': '' },
            intervalEditor(exception.hours, `${path}.hours`, label, (field) => renderExceptions(field)),
            h('button', {
              type: 'button', class: 'button button-secondary button-small', 'data-mutates': '', 'data-field': `${path}.hours.add`,
              'aria-label': `Add hours on ${label}`, text: 'Add hours',
              onclick: () => { exception.hours.push(['15:00', '18:00']); renderExceptions(`${path}.hours.${exception.hours.length - 1}.0`); },
            }),
            errorSlot())
          : null,
        errorSlot()));
    });
    focusAfterRender(exceptionList, focusField);
  }

  function focusAfterRender(container, field) {
    if (!field) return;
    const target = container.querySelector(`[data-field="${CSS.escape(field)}"]`) ?? container.querySelector('input, select, button');
    (target?.matches('input, select, button') ? target : target?.querySelector('input, select, button'))?.focus();
  }

  const addException = h('button', {
    type: 'button', class: 'button button-secondary', 'data-mutates': '', 'data-field': 'exceptions.add', text: 'Add an exception',
    onclick: () => {
      model.exceptions.push({ date: '', closed: true });
      renderExceptions(`exceptions.${model.exceptions.length - 1}.date`);
    },
  });

  const form = h('form', { class: 'schedule-form', novalidate: true, 'aria-labelledby': 'schedule-h' },
    h('div', { class: 'card section-card' },
      h('h2', { id: 'schedule-h', text: 'Opening hours' }),
      h('p', { class: 'panel-intro', text: 'After-hours replies go out outside these hours. An interval that ends before it starts runs overnight; 24:00 ends the day.' }),
      h('div', { class: 'field', 'data-error-host': '' },
        h('label', { for: tzInput.id, text: 'Time zone' }), tzInput,
        h('p', { class: 'help', id: 'tz-help', text: 'An IANA name, like Europe/Warsaw or America/New_York.' }),
        tzError),
      h('datalist', { id: 'timezones' }, zones.map((z) => h('option', { value: z }))),
      h('h3', { text: 'Weekly hours' }),
      weekList),
    h('div', { class: 'card section-card' },
      h('h2', { id: 'exceptions-h', text: 'Exceptions' }),
      h('p', { class: 'panel-intro', text: 'Holidays and special days: closed all day, or open with special hours.' }),
      exceptionList,
      addException),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: 'Save schedule' }),
      status));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const body = {
      timezone: model.timezone,
      weekly: Object.fromEntries(DAYS.map(([day]) => [day, model.weekly[day]])),
      exceptions: model.exceptions.map((e) => (e.hours ? { date: e.date, hours: e.hours } : { date: e.date, closed: true })),
    };
    say(status, 'Saving…', 'busy');
    try {
      state.schedule = await api('PUT', teamPath('/schedule'), body);
      say(status, `Saved at ${clockTime()}.`);
    } catch (err) {
      const input = err.field ? errors.show(err.field, messageFor(err)) : null;
      input?.focus();
      say(status, `Not saved: ${input ? 'fix the field marked in red.' : err.message}`, 'error');
    }
  });

  panel.append(form);
  renderWeek();
  renderExceptions();
}

// ---------------------------------------------------------------------------------------------
// Missed calls

function renderMissedCalls() {
  const panel = clear(panels['missed-calls']);
  const settings = state.team.missedCalls ?? { createTickets: false, attachWindowHours: 24 };
  const createBox = h('input', { type: 'checkbox', id: 'missed-create', checked: settings.createTickets, 'aria-describedby': 'missed-create-help' });
  const windowInput = h('input', { type: 'number', id: 'missed-window', class: 'narrow', min: '1', max: '720', step: '1', inputmode: 'numeric', 'aria-describedby': 'missed-window-help' });
  windowInput.value = String(settings.attachWindowHours);
  const windowError = errorSlot();
  const status = h('p', { class: 'save-status', role: 'status', id: 'missed-status' });

  const form = h('form', { class: 'card section-card', novalidate: true, 'aria-labelledby': 'missed-h' },
    h('h2', { id: 'missed-h', text: 'Missed calls' }),
    h('p', { class: 'panel-intro', text: 'What happens when a caller hangs up before anyone answers. The texts they get are the “Customer hangs up” and “Missed call” replies.' }),
    h('div', { class: 'check' }, createBox, h('label', { for: createBox.id, text: 'Create a ticket for missed calls' })),
    h('p', { class: 'help indent', id: 'missed-create-help', text: 'A “Missed call” ticket is opened so someone calls back. Your ticket rules (RLA) apply.' }),
    h('div', { class: 'field' },
      h('label', { for: windowInput.id, text: 'Add the missed call to an open ticket from the last' }),
      h('div', { class: 'inline' }, windowInput, h('span', { text: 'hours' })),
      h('p', { class: 'help', id: 'missed-window-help', text: 'When the caller already has an open ticket this recent, the call is logged there instead. 1 to 720.' }),
      windowError),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: 'Save' }),
      status));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldError(windowInput, windowError);
    const hours = Number(windowInput.value);
    if (windowInput.value === '' || !Number.isInteger(hours)) {
      showFieldError(windowInput, windowError, 'Enter a whole number of hours, from 1 to 720.');
      windowInput.focus();
      say(status, 'Not saved: fix the field marked in red.', 'error');
      return;
    }
    say(status, 'Saving…', 'busy');
    try {
      state.team = await api('PATCH', teamPath(), { missedCalls: { createTickets: createBox.checked, attachWindowHours: hours } });
      say(status, `Saved at ${clockTime()}.`);
    } catch (err) {
      if (err.field === 'missedCalls.attachWindowHours') {
        showFieldError(windowInput, windowError, messageFor(err));
        windowInput.focus();
      }
      say(status, `Not saved: ${err.field ? 'fix the field marked in red.' : err.message}`, 'error');
    }
  });
  panel.append(form);
}

// ---------------------------------------------------------------------------------------------
// Call flow: what a caller hears and where the call goes (the team's `voice` settings)

/** A spoken prompt: text with placeholder chips, or an audio file played instead. */
function promptEditor({ field, title, help, prompt }) {
  const base = field.replaceAll('.', '-');
  const textInput = h('textarea', {
    id: `${base}-text`, rows: '3', maxlength: '1000', spellcheck: 'true', 'data-field': `${field}.text`,
    placeholder: 'Empty: the standard prompt in the team’s language', 'aria-describedby': `${base}-text-help`,
  });
  textInput.value = prompt?.text ?? '';
  const audioInput = h('input', {
    type: 'url', id: `${base}-audio`, autocomplete: 'off', spellcheck: 'false', 'data-field': `${field}.audioUrl`,
    placeholder: 'https://example.com/greeting.mp3', 'aria-describedby': `${base}-audio-help`,
  });
  audioInput.value = prompt?.audioUrl ?? '';
  const chips = PROMPT_PLACEHOLDERS.map(([name, description]) =>
    h('button', {
      type: 'button', class: 'chip', title: description, 'data-placeholder': name, 'data-mutates': '',
      'aria-label': `Insert ${name.replaceAll('_', ' ')} into “${title}”: ${description}`,
      onclick: () => insertAtCursor(textInput, `{{ ${name} }}`),
    }, `{{ ${name} }}`));
  const element = h('fieldset', { class: 'prompt', 'data-field': field, 'data-error-host': '' },
    h('legend', { text: title }),
    h('div', { class: 'field', 'data-error-host': '' },
      h('label', { for: textInput.id, text: 'Spoken text' }),
      textInput,
      h('p', { class: 'help', id: `${base}-text-help`, text: help }),
      errorSlot()),
    h('div', { class: 'chips chips-compact', role: 'group', 'aria-label': `Placeholders for “${title}”` }, chips),
    h('div', { class: 'field', 'data-error-host': '' },
      h('label', { for: audioInput.id, text: 'Or play an audio file' }),
      audioInput,
      h('p', { class: 'help', id: `${base}-audio-help`, text: 'An http(s) URL of an MP3 or WAV file. When set, it is played instead of the text.' }),
      errorSlot()),
    errorSlot());
  return {
    element,
    read: () => ({ text: textOrNull(textInput.value), audioUrl: textOrNull(audioInput.value.trim()) }),
  };
}

/**
 * Phone numbers rung at once, one input each, so that the API's error on `agents.1` lands on the
 * second number. `numbers` is changed in place.
 */
function numberListEditor({ field, label, numbers }) {
  const labelId = uid('numbers');
  const list = h('ul', { class: 'number-list', role: 'list' });
  const count = h('p', { class: 'help', id: uid('numbers-count') });
  const add = h('button', {
    type: 'button', class: 'button button-secondary button-small', 'data-mutates': '', 'data-field': `${field}.add`,
    'aria-label': `Add a number to ${label}`, 'aria-describedby': count.id, text: 'Add a number',
    onclick: () => { numbers.push(''); render(numbers.length - 1); },
  });

  function render(focusIndex) {
    clear(list);
    numbers.forEach((number, i) => {
      const name = `${label}, number ${i + 1}`;
      const input = h('input', {
        type: 'tel', class: 'phone', inputmode: 'tel', autocomplete: 'off', spellcheck: 'false', placeholder: '+14155550100',
        'aria-label': name, 'data-field': `${field}.${i}`, 'data-required': 'Enter a phone number, or remove this one.',
      });
      input.value = number;
      // Spaces, dashes and brackets are dropped: the API takes E.164 only ("+14155550100").
      input.addEventListener('input', () => { numbers[i] = input.value.replace(/[\s().-]/g, ''); });
      input.addEventListener('change', () => { input.value = numbers[i]; });
      list.append(h('li', { class: 'number-row', 'data-error-host': '' },
        h('div', { class: 'inline' },
          input,
          h('button', {
            type: 'button', class: 'button button-quiet button-small', 'data-mutates': '', 'aria-label': `Remove ${name}`, text: 'Remove',
            onclick: () => { numbers.splice(i, 1); render(Math.min(i, numbers.length - 1)); },
          })),
        errorSlot()));
    });
    if (numbers.length === 0) list.append(h('li', { class: 'muted', text: 'No numbers.' }));
    add.disabled = !canEdit || numbers.length >= MAX_RING_NUMBERS;
    count.textContent = numbers.length >= MAX_RING_NUMBERS
      ? `${MAX_RING_NUMBERS} numbers: that is the most rung at once.`
      : `Rung all at once; the first to answer gets the call. Up to ${MAX_RING_NUMBERS}.`;
    if (focusIndex !== undefined) (list.querySelectorAll('input')[focusIndex] ?? add).focus();
  }
  render();
  return h('div', { class: 'number-list-editor', role: 'group', 'aria-labelledby': labelId, 'data-field': field, 'data-error-host': '' },
    h('span', { class: 'group-label', id: labelId, text: label }),
    list,
    h('div', { class: 'inline' }, add),
    count,
    errorSlot());
}

function renderCallFlow() {
  const panel = clear(panels['call-flow']);
  const voice = structuredClone(state.team.voice);
  const menu = voice.menu ?? { prompt: { text: null, audioUrl: null }, options: [], timeoutSeconds: 6 };
  for (const option of menu.options) option.agents = [...(option.agents ?? [])];
  const agents = [...voice.agents];
  const status = h('p', { class: 'save-status', role: 'status', id: 'voice-status' });

  const greeting = promptEditor({
    field: 'voice.greeting', title: 'Greeting', prompt: voice.greeting,
    help: 'Heard first by callers during opening hours.',
  });
  const afterHours = promptEditor({
    field: 'voice.afterHoursGreeting', title: 'After-hours greeting', prompt: voice.afterHoursGreeting,
    help: 'Heard instead outside opening hours; the call then goes to voicemail. {{ next_open }} says when you open again.',
  });
  const menuPrompt = promptEditor({
    field: 'voice.menu.prompt', title: 'Menu prompt', prompt: menu.prompt,
    help: 'Played after the greeting. Empty: the options are read out (“For Sales, press 1”).',
  });
  const voicemailPrompt = promptEditor({
    field: 'voice.voicemail.prompt', title: 'Voicemail prompt', prompt: voice.voicemail.prompt,
    help: 'Played before the beep.',
  });

  // Numbers of seconds: whole numbers, checked here first and then by the API.
  const secondsInput = (id, field, value, min, max) => {
    const input = h('input', {
      type: 'number', id, class: 'narrow', min: String(min), max: String(max), step: '1', inputmode: 'numeric',
      'data-field': field, 'data-whole': '', 'aria-describedby': `${id}-help`,
    });
    input.value = String(value);
    return input;
  };
  const secondsField = (input, label, help) =>
    h('div', { class: 'field', 'data-error-host': '' },
      h('label', { for: input.id, text: label }),
      h('div', { class: 'inline' }, input, h('span', { text: 'seconds' })),
      h('p', { class: 'help', id: `${input.id}-help`, text: help }),
      errorSlot());

  // The menu: on or off, its prompt, and up to nine options.
  const menuBox = h('input', { type: 'checkbox', id: 'voice-menu-on', checked: voice.menu !== null, 'aria-describedby': 'voice-menu-help', 'aria-controls': 'voice-menu-body' });
  const menuTimeout = secondsInput('voice-menu-timeout', 'voice.menu.timeoutSeconds', menu.timeoutSeconds, 2, 30);
  const optionList = h('ol', { class: 'menu-options', role: 'list', id: 'menu-options', 'aria-labelledby': 'menu-options-h' });
  const optionCount = h('p', { class: 'help', id: 'menu-count' });
  const addOption = h('button', {
    type: 'button', class: 'button button-secondary', id: 'menu-add', 'data-mutates': '', 'data-field': 'voice.menu.options.add',
    'aria-describedby': 'menu-count', text: 'Add an option',
    onclick: () => {
      const used = new Set(menu.options.map((o) => o.digit));
      menu.options.push({ digit: MENU_KEYS.find((k) => !used.has(k)) ?? '1', label: '', action: 'agents', agents: [''] });
      renderOptions(`voice.menu.options.${menu.options.length - 1}.label`);
    },
  });
  const menuBody = h('div', { id: 'voice-menu-body', class: 'menu-body', hidden: voice.menu === null },
    menuPrompt.element,
    secondsField(menuTimeout, 'Wait for a key for', 'Without a key, the menu is played once more, then the caller goes to voicemail. 2 to 30.'),
    h('h3', { id: 'menu-options-h', text: 'Options' }),
    h('div', { 'data-field': 'voice.menu.options', 'data-error-host': '' }, optionList, errorSlot()),
    h('div', { class: 'inline' }, addOption),
    optionCount);
  menuBox.addEventListener('change', () => {
    menuBody.hidden = !menuBox.checked;
    if (menuBox.checked && menu.options.length === 0) {
      menu.options.push({ digit: '1', label: '', action: 'agents', agents: [''] });
      renderOptions('voice.menu.options.0.label');
    }
  });

  function renderOptions(focusField) {
    clear(optionList);
    menu.options.forEach((option, i) => {
      const path = `voice.menu.options.${i}`;
      const n = i + 1;
      const key = h('select', { id: `menu-key-${i}`, 'data-field': `${path}.digit` },
        MENU_KEYS.map((k) => h('option', { value: k, selected: option.digit === k, text: k })));
      key.addEventListener('change', () => { option.digit = key.value; });
      const label = h('input', { type: 'text', id: `menu-label-${i}`, maxlength: '80', autocomplete: 'off', placeholder: 'e.g. Sales', 'data-field': `${path}.label`, 'data-required': 'Name this option, e.g. “Sales”.' });
      label.value = option.label;
      label.addEventListener('input', () => { option.label = label.value; });
      const action = h('select', { id: `menu-action-${i}`, 'data-field': `${path}.action` },
        h('option', { value: 'agents', selected: option.action === 'agents', text: 'Ring agents' }),
        h('option', { value: 'voicemail', selected: option.action === 'voicemail', text: 'Go to voicemail' }));
      action.addEventListener('change', () => {
        option.action = action.value;
        if (option.action === 'agents' && option.agents.length === 0) option.agents.push('');
        renderOptions(`${path}.action`);
      });
      const field = (input, text) => h('div', { class: 'field', 'data-error-host': '' }, h('label', { for: input.id, text }), input, errorSlot());
      optionList.append(h('li', { class: 'menu-option', 'data-field': path, 'data-error-host': '', 'aria-labelledby': `menu-option-h-${i}` },
        h('div', { class: 'menu-option-head' },
          h('h4', { id: `menu-option-h-${i}`, text: `Option ${n}` }),
          h('button', {
            type: 'button', class: 'button button-quiet button-small', 'data-mutates': '', 'aria-label': `Remove option ${n}`, text: 'Remove',
            onclick: () => { menu.options.splice(i, 1); renderOptions(menu.options.length ? `voice.menu.options.${Math.min(i, menu.options.length - 1)}.label` : 'voice.menu.options.add'); },
          })),
        h('div', { class: 'menu-option-grid' },
          field(key, 'Key'),
          field(label, 'Label'),
          field(action, 'When pressed')),
        option.action === 'agents'
          ? numberListEditor({ field: `${path}.agents`, label: `Option ${n}, agents to ring`, numbers: option.agents })
          : h('p', { class: 'help', text: 'The caller hears the voicemail prompt and can leave a message.' }),
        errorSlot()));
    });
    if (menu.options.length === 0) optionList.append(h('li', { class: 'muted', text: 'No options yet: add one, or switch the menu off.' }));
    addOption.disabled = !canEdit || menu.options.length >= MAX_MENU_OPTIONS;
    optionCount.textContent = menu.options.length >= MAX_MENU_OPTIONS
      ? `${MAX_MENU_OPTIONS} options: one for each key from 1 to 9, the most a menu can have.`
      : `${menu.options.length} of ${MAX_MENU_OPTIONS} options, one key each.`;
    if (focusField) {
      const target = panel.querySelector(`[data-field="${CSS.escape(focusField)}"]`);
      (target && !target.disabled ? target : addOption.disabled ? menuBox : addOption).focus();
    }
  }

  const dialTimeout = secondsInput('voice-dial-timeout', 'voice.dialTimeoutSeconds', voice.dialTimeoutSeconds, 5, 120);
  const maxLength = secondsInput('voice-max-length', 'voice.voicemail.maxLengthSeconds', voice.voicemail.maxLengthSeconds, 5, 3600);
  const finishKey = h('select', { id: 'voice-finish-key', 'data-field': 'voice.voicemail.finishOnKey', 'aria-describedby': 'voice-finish-key-help' },
    FINISH_KEYS.map(([value, text]) => h('option', { value, selected: voice.voicemail.finishOnKey === value, text })));
  const sayVoice = h('input', {
    type: 'text', id: 'voice-say-voice', list: 'say-voices', autocomplete: 'off', spellcheck: 'false',
    'data-field': 'voice.sayVoice', 'data-required': 'Pick a voice, e.g. “alice”.', 'aria-describedby': 'voice-say-voice-help',
  });
  sayVoice.value = voice.sayVoice;
  const channelRadio = (value, text) => {
    const input = h('input', { type: 'radio', name: 'voice-reply-channel', id: `voice-reply-${value}`, value, checked: voice.replyChannel === value });
    return h('div', { class: 'check' }, input, h('label', { for: input.id, text }));
  };

  const errors = inlineErrors(panel);
  const form = h('form', { class: 'voice-form', novalidate: true, 'aria-labelledby': 'voice-h' },
    h('div', { class: 'card section-card' },
      h('h2', { id: 'voice-h', text: 'Call flow' }),
      h('p', { class: 'panel-intro', text: 'What callers hear and where their call goes. Texts are spoken in the team’s language; a text left empty uses the standard one. After the call, the caller gets the matching automated reply.' }),
      greeting.element,
      afterHours.element),
    h('div', { class: 'card section-card' },
      h('h2', { id: 'voice-menu-h', text: 'Menu' }),
      h('div', { class: 'check' }, menuBox, h('label', { for: menuBox.id, text: 'Play a menu: the caller presses a key to choose' })),
      h('p', { class: 'help indent', id: 'voice-menu-help', text: 'Without a menu, the agents below are rung straight after the greeting.' }),
      menuBody),
    h('div', { class: 'card section-card' },
      h('h2', { id: 'voice-ring-h', text: 'Ringing agents' }),
      numberListEditor({ field: 'voice.agents', label: 'Agents to ring when there is no menu', numbers: agents }),
      secondsField(dialTimeout, 'Ring for', 'How long agents’ phones ring before the caller goes to voicemail. 5 to 120.')),
    h('div', { class: 'card section-card' },
      h('h2', { id: 'voice-voicemail-h', text: 'Voicemail' }),
      voicemailPrompt.element,
      secondsField(maxLength, 'Longest message', 'The recording stops after this. 5 to 3600.'),
      h('div', { class: 'field', 'data-error-host': '' },
        h('label', { for: finishKey.id, text: 'Key that ends the message' }),
        finishKey,
        h('p', { class: 'help', id: 'voice-finish-key-help', text: 'The caller presses it when done; hanging up works too. The standard prompt says “press the pound key”: with another key, write your own prompt.' }),
        errorSlot())),
    h('div', { class: 'card section-card' },
      h('h2', { id: 'voice-say-h', text: 'Voice and follow-up' }),
      h('div', { class: 'field', 'data-error-host': '' },
        h('label', { for: sayVoice.id, text: 'Voice that reads the texts' }),
        sayVoice,
        h('datalist', { id: 'say-voices' }, SAY_VOICES.map((v) => h('option', { value: v }))),
        h('p', { class: 'help', id: 'voice-say-voice-help', text: '“alice”, “man”, “woman”, or an Amazon Polly (“Polly.Joanna”) or Google (“Google.en-US-Standard-C”) voice.' }),
        errorSlot()),
      h('fieldset', { class: 'options', 'data-field': 'voice.replyChannel', 'data-error-host': '' },
        h('legend', { text: 'Send the text after a call by' }),
        channelRadio('sms', 'SMS'),
        channelRadio('whatsapp', 'WhatsApp when the caller’s 24-hour window is open, otherwise SMS'),
        errorSlot())),
    h('div', { class: 'form-actions form-actions-sticky' },
      h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: 'Save call flow' }),
      status));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!readyToSave(form, errors, status)) return;
    const body = {
      greeting: greeting.read(),
      afterHoursGreeting: afterHours.read(),
      // The menu is sent whole (the API replaces it), or null to remove it.
      menu: menuBox.checked
        ? {
          prompt: menuPrompt.read(),
          timeoutSeconds: wholeNumber(menuTimeout),
          options: menu.options.map((o) => ({ digit: o.digit, label: o.label.trim(), action: o.action, agents: o.action === 'agents' ? o.agents : [] })),
        }
        : null,
      agents,
      dialTimeoutSeconds: wholeNumber(dialTimeout),
      voicemail: { prompt: voicemailPrompt.read(), maxLengthSeconds: wholeNumber(maxLength), finishOnKey: finishKey.value },
      sayVoice: sayVoice.value.trim(),
      replyChannel: form.querySelector('input[name="voice-reply-channel"]:checked')?.value ?? 'sms',
    };
    say(status, 'Saving…', 'busy');
    try {
      state.team = await api('PATCH', teamPath(), { voice: body });
      say(status, `Saved at ${clockTime()}.`);
    } catch (err) {
      const input = err.field ? errors.show(err.field, messageFor(err)) : null;
      input?.focus();
      say(status, `Not saved: ${input ? 'fix the field marked in red.' : err.message}`, 'error');
    }
  });

  panel.append(form, callsCard());
  renderOptions();
}

// Recent calls, under the call flow: how the flow worked out.

let callsBody;
let callsStatus;
function callsCard() {
  callsBody = h('tbody', { id: 'calls-list' });
  callsStatus = h('p', { class: 'save-status', role: 'status', id: 'calls-status' });
  return h('section', { class: 'card section-card', 'aria-labelledby': 'calls-h' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'calls-h', text: 'Recent calls' }),
      h('button', { type: 'button', class: 'button button-secondary button-small', text: 'Refresh', 'aria-label': 'Refresh the recent calls', onclick: loadCalls })),
    callsStatus,
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data-table' },
        h('caption', { class: 'visually-hidden', text: 'The last 20 calls, newest first' }),
        h('thead', {}, h('tr', {},
          ['When', 'Caller', 'Outcome', 'Length', 'Voicemail', 'Ticket'].map((c) => h('th', { scope: 'col', text: c })))),
        callsBody)));
}

let callsSeq = 0;
async function loadCalls() {
  if (!callsBody) return;
  const seq = (callsSeq += 1);
  say(callsStatus, 'Loading the calls…', 'busy');
  try {
    const calls = await api('GET', teamPath('/calls?limit=20'));
    if (seq !== callsSeq) return;
    clear(callsBody);
    for (const call of calls) callsBody.append(callRow(call));
    say(callsStatus, calls.length === 0 ? 'No calls yet.' : '', 'info');
  } catch (err) {
    if (seq === callsSeq) say(callsStatus, `Could not load the calls: ${err.message}`, 'error');
  }
}

function callRow(call) {
  const recording = call.recording;
  return h('tr', {},
    h('td', {}, timeOf(call.createdAt)),
    h('td', { text: call.customer }),
    h('td', {},
      call.outcome ? OUTCOME_LABELS[call.outcome] ?? humanize(call.outcome) : h('span', { class: 'muted', text: call.endedAt ? 'Settling…' : 'In progress' }),
      call.afterHours ? h('span', { class: 'tag tag-inline', text: 'After hours' }) : null),
    h('td', { text: call.durationSeconds === null || call.durationSeconds === undefined ? '—' : `${call.durationSeconds} s` }),
    h('td', {}, recording && isWebUrl(recording.url)
      ? h('a', { href: recording.url, target: '_blank', rel: 'noopener noreferrer', text: `Listen${recording.durationSeconds ? ` (${recording.durationSeconds} s)` : ''}` })
      : '—'),
    h('td', {}, call.ticketId
      ? h('button', {
        type: 'button', class: 'button button-quiet button-small', text: 'Open ticket',
        'aria-label': `Open the ticket of the call from ${call.customer}`,
        onclick: () => { selectTab('tickets'); selectTicket(call.ticketId); },
      })
      : '—'));
}

// ---------------------------------------------------------------------------------------------
// Response levels (RLA) and who is told about warnings and breaches

function renderRla() {
  const panel = clear(panels.rla);
  const rla = state.team.rla;
  const notifications = state.team.notifications ?? { emails: [], webhookUrl: null };
  const escalation = rla.escalation ?? { missedCalls: 3, withinHours: 24, raiseTo: 'high' };
  const status = h('p', { class: 'save-status', role: 'status', id: 'rla-status' });
  const errors = inlineErrors(panel);

  const minutesInput = (id, field, value, label) => {
    const hint = h('span', { class: 'help minutes-hint', id: `${id}-hint` });
    const input = h('input', {
      type: 'number', id, class: 'narrow', min: '0', step: '1', inputmode: 'numeric',
      'data-field': field, 'data-whole': '', 'aria-label': label, 'aria-describedby': hint.id,
    });
    input.value = String(value);
    const showHint = () => {
      // "= 8 h" helps from an hour up; below that it would only repeat the number.
      const minutes = /^\d+$/.test(input.value.trim()) ? Number(input.value) : 0;
      hint.textContent = minutes >= 60 ? `= ${humanMinutes(minutes)}` : '';
    };
    input.addEventListener('input', showHint);
    showHint();
    return { input, hint };
  };

  // The targets table: a row per priority, a column per clock.
  const targetInputs = {};
  const rows = PRIORITIES.map(([priority, name]) => {
    const first = minutesInput(`rla-${priority}-first`, `rla.targets.${priority}.firstResponseMinutes`, rla.targets[priority].firstResponseMinutes, `${name} priority: first response, in minutes`);
    const resolution = minutesInput(`rla-${priority}-resolution`, `rla.targets.${priority}.resolutionMinutes`, rla.targets[priority].resolutionMinutes, `${name} priority: resolution, in minutes`);
    targetInputs[priority] = { first: first.input, resolution: resolution.input };
    const cell = ({ input, hint }) => h('td', { 'data-error-host': '' }, h('div', { class: 'inline' }, input, hint), errorSlot());
    return h('tr', { 'data-field': `rla.targets.${priority}` },
      h('th', { scope: 'row', text: name }),
      cell(first),
      cell(resolution));
  });

  const warn = minutesInput('rla-warn', 'rla.warnBeforeMinutes', rla.warnBeforeMinutes, 'Warn before a due time, in minutes');

  // Escalation after repeated missed calls: null turns it off.
  const escalateBox = h('input', { type: 'checkbox', id: 'rla-escalate', checked: rla.escalation !== null, 'aria-controls': 'rla-escalation' });
  const countInput = (id, field, value, min, max) => {
    const input = h('input', { type: 'number', id, class: 'narrow', min: String(min), max: String(max), step: '1', inputmode: 'numeric', 'data-field': field, 'data-whole': '' });
    input.value = String(value);
    return input;
  };
  const missedCalls = countInput('rla-escalation-calls', 'rla.escalation.missedCalls', escalation.missedCalls, 2, 20);
  const withinHours = countInput('rla-escalation-hours', 'rla.escalation.withinHours', escalation.withinHours, 1, 720);
  const raiseTo = h('select', { id: 'rla-escalation-raise', 'data-field': 'rla.escalation.raiseTo' },
    PRIORITIES.map(([value, text]) => h('option', { value, selected: escalation.raiseTo === value, text })));
  const escalationInputs = [missedCalls, withinHours, raiseTo];
  const syncEscalation = () => {
    for (const input of escalationInputs) input.disabled = !canEdit || !escalateBox.checked;
  };
  escalateBox.addEventListener('change', syncEscalation);
  const smallField = (input, label, help) => h('div', { class: 'field', 'data-error-host': '' },
    h('label', { for: input.id, text: label }), input, help ? h('p', { class: 'help', text: help }) : null, errorSlot());

  const voicemailBox = h('input', { type: 'checkbox', id: 'rla-voicemail', checked: rla.voicemailNeedsResponse, 'aria-describedby': 'rla-voicemail-help', 'data-field': 'rla.voicemailNeedsResponse' });

  // Notifications: addresses one per line (or comma separated) and a signed webhook.
  const emailsInput = h('textarea', {
    id: 'notify-emails', rows: '3', spellcheck: 'false', autocomplete: 'off', 'data-field': 'notifications.emails',
    placeholder: 'lead@example.com', 'aria-describedby': 'notify-emails-help', class: 'short',
  });
  emailsInput.value = notifications.emails.join('\n');
  const webhookInput = h('input', {
    type: 'url', id: 'notify-webhook', autocomplete: 'off', spellcheck: 'false', 'data-field': 'notifications.webhookUrl',
    placeholder: 'https://example.com/hooks/switchboard', 'aria-describedby': 'notify-webhook-help',
  });
  webhookInput.value = notifications.webhookUrl ?? '';
  const emailList = () => {
    const seen = new Set();
    return emailsInput.value.split(/[\s,;]+/).filter((e) => e && !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
  };

  const form = h('form', { class: 'rla-form', novalidate: true, 'aria-labelledby': 'rla-h' },
    h('div', { class: 'card section-card' },
      h('h2', { id: 'rla-h', text: 'Response levels' }),
      h('p', { class: 'panel-intro', text: 'How soon a ticket gets its first answer and is resolved, by priority. Minutes are counted during opening hours only.' }),
      h('div', { class: 'table-scroll' },
        h('table', { class: 'data-table rla-table', id: 'rla-targets' },
          h('caption', { text: 'Targets in business minutes' }),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col', text: 'Priority' }),
            h('th', { scope: 'col', text: 'First response' }),
            h('th', { scope: 'col', text: 'Resolution' }))),
          h('tbody', {}, rows))),
      h('div', { class: 'field', 'data-error-host': '' },
        h('label', { for: warn.input.id, text: 'Warn before a due time' }),
        h('div', { class: 'inline' }, warn.input, h('span', { text: 'minutes' }), warn.hint),
        h('p', { class: 'help', text: 'Calendar minutes; 0 sends no warnings, only breaches.' }),
        errorSlot()),
      h('div', { class: 'check' }, voicemailBox, h('label', { for: voicemailBox.id, text: 'A voicemail needs a response' })),
      h('p', { class: 'help indent', id: 'rla-voicemail-help', text: 'A voicemail on a ticket that was already answered starts the first-response clock again.' }),
      h('fieldset', { class: 'options', 'data-field': 'rla.escalation', 'data-error-host': '' },
        h('legend', { text: 'Escalation' }),
        h('div', { class: 'check' }, escalateBox, h('label', { for: escalateBox.id, text: 'Raise the priority after repeated missed calls' })),
        h('div', { class: 'escalation-grid', id: 'rla-escalation' },
          smallField(missedCalls, 'Missed calls', '2 to 20'),
          smallField(withinHours, 'Within hours', '1 to 720'),
          smallField(raiseTo, 'Raise to')),
        errorSlot()),
      h('p', { class: 'help' },
        'Tickets for missed calls are switched on under ',
        h('a', { href: '#missed-calls', text: 'Missed calls', onclick: (event) => { event.preventDefault(); selectTab('missed-calls'); } }), '.')),
    h('div', { class: 'card section-card' },
      h('h2', { id: 'notify-h', text: 'Warnings and breaches' }),
      h('p', { class: 'panel-intro', text: 'Who is told when a ticket is about to miss, or has missed, its response level.' }),
      h('div', { class: 'field', 'data-error-host': '' },
        h('label', { for: emailsInput.id, text: 'Email addresses' }),
        emailsInput,
        h('p', { class: 'help', id: 'notify-emails-help', text: 'One per line, or separated by commas. Up to 20.' }),
        errorSlot()),
      h('div', { class: 'field', 'data-error-host': '' },
        h('label', { for: webhookInput.id, text: 'Webhook URL' }),
        webhookInput,
        h('p', { class: 'help', id: 'notify-webhook-help', text: 'Gets a signed JSON POST for each warning and breach. Empty: no webhook.' }),
        errorSlot()),
      webhookSecretBox()),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button button-primary', 'data-mutates': '', text: 'Save response levels' }),
      status));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!readyToSave(form, errors, status)) return;
    const emails = emailList();
    const body = {
      rla: {
        targets: Object.fromEntries(PRIORITIES.map(([p]) => [p, {
          firstResponseMinutes: wholeNumber(targetInputs[p].first),
          resolutionMinutes: wholeNumber(targetInputs[p].resolution),
        }])),
        warnBeforeMinutes: wholeNumber(warn.input),
        escalation: escalateBox.checked
          ? { missedCalls: wholeNumber(missedCalls), withinHours: wholeNumber(withinHours), raiseTo: raiseTo.value }
          : null,
        voicemailNeedsResponse: voicemailBox.checked,
      },
      notifications: { emails, webhookUrl: textOrNull(webhookInput.value.trim()) },
    };
    say(status, 'Saving…', 'busy');
    try {
      state.team = await api('PATCH', teamPath(), body);
      emailsInput.value = state.team.notifications.emails.join('\n');
      say(status, `Saved at ${clockTime()}.`);
    } catch (err) {
      // "notifications.emails.2: is not an email address": name the address, the list is one field.
      const email = /^notifications\.emails\.(\d+)$/.exec(err.field ?? '');
      const message = email && emails[Number(email[1])] !== undefined ? `“${emails[Number(email[1])]}”: ${messageFor(err).toLowerCase()}` : messageFor(err);
      const input = err.field ? errors.show(err.field, message) : null;
      input?.focus();
      say(status, `Not saved: ${input ? 'fix the field marked in red.' : err.message}`, 'error');
    }
  });

  panel.append(form);
  syncEscalation();
}

/** The webhook signing secret: generated on request and shown only this once. */
function webhookSecretBox() {
  const status = h('p', { class: 'save-status', role: 'status', id: 'webhook-secret-status' });
  const output = h('div', { class: 'secret', id: 'webhook-secret-box', hidden: true });
  const generate = h('button', {
    type: 'button', class: 'button button-secondary', id: 'webhook-secret-generate', 'data-mutates': '', text: 'Generate webhook secret',
    'aria-describedby': 'webhook-secret-help',
    onclick: async () => {
      if (!window.confirm('Generate a new webhook secret? It replaces the current one, if there is one: your receiver must use the new one from now on.')) return;
      say(status, 'Generating…', 'busy');
      generate.disabled = true;
      try {
        const { secret } = await api('POST', teamPath('/notifications/webhook-secret'));
        showSecret(secret);
        say(status, 'New secret generated. It is shown only this once.');
      } catch (err) {
        say(status, `Not generated: ${err.message}`, 'error');
      } finally {
        generate.disabled = !canEdit;
      }
    },
  });

  function showSecret(secret) {
    const field = h('input', { type: 'text', id: 'webhook-secret', class: 'secret-value', readonly: true, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'webhook-secret-hint' });
    field.value = secret;
    field.addEventListener('focus', () => field.select());
    const copyStatus = h('span', { class: 'help', role: 'status' });
    const copy = h('button', {
      type: 'button', class: 'button button-secondary button-small', text: 'Copy',
      onclick: async () => {
        try {
          await navigator.clipboard.writeText(secret);
          copyStatus.textContent = 'Copied.';
        } catch {
          field.focus();
          copyStatus.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy.';
        }
      },
    });
    append(clear(output),
      h('label', { for: field.id, text: 'Webhook secret' }),
      h('div', { class: 'inline' }, field, copy, copyStatus),
      h('p', { class: 'help', id: 'webhook-secret-hint', text: 'Copy it now: it is not shown again. Your receiver checks the X-Switchboard-Signature header with it.' }));
    output.hidden = false;
    field.focus();
  }

  return h('div', { class: 'field' },
    h('div', { class: 'inline' }, generate, status),
    h('p', { class: 'help', id: 'webhook-secret-help', text: 'Webhook posts are signed with this secret. It is shown once; generating a new one replaces the old.' }),
    output);
}

// ---------------------------------------------------------------------------------------------
// Tickets: a filtered list, and the selected ticket's details, timeline and status

const TICKET_PAGE = 50;
const tickets = { list: [], selectedId: null, seq: 0, detailSeq: 0 };
let ticketsUi = null;

function renderTicketsShell() {
  const panel = clear(panels.tickets);
  tickets.list = [];
  tickets.selectedId = null;
  const statusFilter = h('select', { id: 'tickets-filter-status' },
    h('option', { value: '', text: 'Any status' }),
    TICKET_STATUSES.map(([value, text]) => h('option', { value, text })));
  const sourceFilter = h('select', { id: 'tickets-filter-source' },
    h('option', { value: '', text: 'Any source' }),
    SOURCES.map(([value, text]) => h('option', { value, text })));
  const customerFilter = h('input', { type: 'search', id: 'tickets-filter-customer', autocomplete: 'off', spellcheck: 'false', placeholder: '+14155550100', 'aria-describedby': 'tickets-filter-customer-help' });
  const status = h('p', { class: 'save-status', role: 'status', id: 'tickets-status' });
  const body = h('tbody', { id: 'tickets-list' });
  const more = h('button', { type: 'button', class: 'button button-secondary button-small', id: 'tickets-more', hidden: true, text: 'Show older tickets', onclick: () => loadTickets({ older: true }) });
  const detail = h('section', { class: 'card section-card ticket-detail', id: 'ticket-detail', 'aria-labelledby': 'ticket-h', hidden: true });

  for (const select of [statusFilter, sourceFilter]) select.addEventListener('change', () => loadTickets());
  // The API matches a whole number, so the list follows on Enter or on leaving the field, not per key.
  let appliedCustomer = '';
  const applyCustomer = () => {
    if (customerFilter.value.trim() === appliedCustomer) return;
    appliedCustomer = customerFilter.value.trim();
    loadTickets();
  };
  customerFilter.addEventListener('change', applyCustomer);
  // Clearing the search box (its × or Escape) shows every customer again at once.
  customerFilter.addEventListener('search', applyCustomer);
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter tickets', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: statusFilter.id, text: 'Status' }), statusFilter),
    h('div', { class: 'field' }, h('label', { for: sourceFilter.id, text: 'Source' }), sourceFilter),
    h('div', { class: 'field' }, h('label', { for: customerFilter.id, text: 'Customer number' }), customerFilter),
    h('p', { class: 'help filters-help', id: 'tickets-filter-customer-help', text: 'Customer number: the whole number, like +14155550100, then Enter.' }));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    applyCustomer();
  });

  ticketsUi = { statusFilter, sourceFilter, customerFilter, status, body, more, detail };
  append(panel,
    h('div', { class: 'card section-card' },
      h('div', { class: 'section-head' },
        h('h2', { id: 'tickets-h', text: 'Tickets' }),
        h('button', { type: 'button', class: 'button button-secondary button-small', text: 'Refresh', 'aria-label': 'Refresh the tickets', onclick: () => loadTickets() })),
      h('p', { class: 'panel-intro', text: 'Missed calls, voicemails and messages that need an answer, newest first. Due times are in your local time.' }),
      filters,
      status,
      h('div', { class: 'table-scroll' },
        h('table', { class: 'data-table tickets-table', 'aria-labelledby': 'tickets-h' },
          h('thead', {}, h('tr', {},
            ['Ticket', 'Subject', 'Customer', 'Priority', 'Status', 'First response due', 'Response level'].map((c) => h('th', { scope: 'col', text: c })))),
          body)),
      more),
    detail);
}

async function loadTickets({ older = false } = {}) {
  if (!ticketsUi) return;
  const { statusFilter, sourceFilter, customerFilter, status, body, more } = ticketsUi;
  const seq = (tickets.seq += 1);
  const query = new URLSearchParams({ limit: String(TICKET_PAGE) });
  if (statusFilter.value) query.set('status', statusFilter.value);
  if (sourceFilter.value) query.set('source', sourceFilter.value);
  const customer = customerFilter.value.replace(/[\s().-]/g, '');
  if (customer) query.set('customer', customer);
  if (older && tickets.list.length) query.set('beforeNumber', String(tickets.list.at(-1).number));
  say(status, 'Loading the tickets…', 'busy');
  try {
    const page = await api('GET', teamPath(`/tickets?${query}`));
    if (seq !== tickets.seq) return;
    tickets.list = older ? [...tickets.list, ...page] : page;
    if (!older) clear(body);
    for (const ticket of page) body.append(ticketRow(ticket));
    if (tickets.list.length === 0) body.append(h('tr', {}, h('td', { colspan: '7', class: 'muted', text: 'No tickets match.' })));
    more.hidden = page.length < TICKET_PAGE;
    const n = tickets.list.length;
    say(status, n === 0 ? '' : `${n} ${n === 1 ? 'ticket' : 'tickets'}.`, 'info');
  } catch (err) {
    if (seq === tickets.seq) say(status, `Could not load the tickets: ${err.message}`, 'error');
  }
}

function priorityBadge(priority) {
  return h('span', { class: `badge badge-priority-${priority}`, text: PRIORITY_LABELS[priority] ?? priority });
}

function statusBadge(status) {
  return h('span', { class: `badge badge-status-${status}`, text: STATUS_LABELS[status] ?? status });
}

function rlaBadges(rla) {
  const badge = (label, state) => h('span', { class: `badge badge-rla-${state}`, text: `${label}: ${RLA_STATES[state] ?? state}` });
  return h('span', { class: 'badges' }, badge('First response', rla.firstResponse), badge('Resolution', rla.resolution));
}

function ticketRow(ticket) {
  const selected = ticket.id === tickets.selectedId;
  const open = h('button', {
    type: 'button', class: 'link-button', id: `ticket-open-${ticket.number}`, 'aria-label': `Ticket ${ticket.number}: ${ticket.subject}`,
    'aria-controls': 'ticket-detail', text: `#${ticket.number}`,
    onclick: () => selectTicket(ticket.id),
    // Up and Down move between the tickets, as in a list; Enter opens one.
    onkeydown: (event) => {
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      const row = event.currentTarget.closest('tr');
      const next = event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      const button = next?.querySelector('.link-button');
      if (!button) return;
      event.preventDefault();
      button.focus();
    },
  });
  return h('tr', {
    'data-ticket': ticket.id, class: selected ? 'is-selected' : null, 'aria-current': selected ? 'true' : null,
    // The whole row is a pointer target; keyboard users have the button.
    onclick: (event) => { if (!event.target.closest('button, a, input, select')) selectTicket(ticket.id); },
  },
    h('th', { scope: 'row' }, open),
    h('td', { text: ticket.subject }),
    h('td', { text: ticket.customer }),
    h('td', {}, priorityBadge(ticket.priority)),
    h('td', {}, statusBadge(ticket.status)),
    h('td', {}, firstResponseText(ticket)),
    h('td', {}, rlaBadges(ticket.rla)));
}

/** When the first answer is due, came, or that none is owed any more (closed without one). */
function firstResponseText(ticket, duePrefix = '') {
  if (ticket.firstRespondedAt) return h('span', { class: 'muted' }, 'Answered ', timeOf(ticket.firstRespondedAt));
  if (ticket.status === 'closed') return h('span', { class: 'muted', text: 'Closed without an answer' });
  return [duePrefix, timeOf(ticket.firstResponseDueAt)];
}

/** Puts a changed ticket in its row without reloading the list. */
function replaceTicketRow(ticket) {
  const index = tickets.list.findIndex((t) => t.id === ticket.id);
  if (index >= 0) tickets.list[index] = ticket;
  const row = ticketsUi?.body.querySelector(`tr[data-ticket="${CSS.escape(ticket.id)}"]`);
  row?.replaceWith(ticketRow(ticket));
}

function markSelectedRow() {
  for (const row of ticketsUi.body.querySelectorAll('tr[data-ticket]')) {
    const selected = row.dataset.ticket === tickets.selectedId;
    row.classList.toggle('is-selected', selected);
    if (selected) row.setAttribute('aria-current', 'true');
    else row.removeAttribute('aria-current');
  }
}

async function selectTicket(id) {
  if (!ticketsUi) return;
  const seq = (tickets.detailSeq += 1);
  tickets.selectedId = id;
  markSelectedRow();
  const { detail } = ticketsUi;
  detail.hidden = false;
  detail.setAttribute('aria-busy', 'true');
  try {
    const ticket = await api('GET', teamPath(`/tickets/${encodeURIComponent(id)}`));
    if (seq !== tickets.detailSeq) return;
    renderTicketDetail(ticket);
    document.getElementById('ticket-h')?.focus();
  } catch (err) {
    if (seq !== tickets.detailSeq) return;
    append(clear(detail), h('h2', { id: 'ticket-h', tabindex: '-1', text: 'Ticket' }),
      h('p', { class: 'notice notice-error', role: 'alert', text: `Could not load the ticket: ${err.message}` }));
  } finally {
    if (seq === tickets.detailSeq) detail.removeAttribute('aria-busy');
  }
}

function renderTicketDetail(initial) {
  let ticket = initial;
  const detail = clear(ticketsUi.detail);
  const facts = h('dl', { class: 'facts', id: 'ticket-facts' });
  const timeline = h('ol', { class: 'timeline', id: 'ticket-timeline' });
  const saveStatus = h('p', { class: 'save-status', role: 'status', id: 'ticket-save-status' });
  const statusSelect = h('select', { id: 'ticket-status', 'data-field': 'status' },
    TICKET_STATUSES.map(([value, text]) => h('option', { value, text })));
  const prioritySelect = h('select', { id: 'ticket-priority', 'data-field': 'priority', 'aria-describedby': 'ticket-priority-help' },
    PRIORITIES.map(([value, text]) => h('option', { value, text })));

  function fill() {
    statusSelect.value = ticket.status;
    prioritySelect.value = ticket.priority;
    clear(facts);
    const fact = (term, ...value) => [h('dt', { text: term }), h('dd', {}, ...value)];
    append(facts,
      fact('Customer', ticket.customer),
      fact('Channel and source', `${CHANNEL_LABELS[ticket.channel] ?? ticket.channel} · ${SOURCE_LABELS[ticket.source] ?? ticket.source}`),
      fact('Opened', timeOf(ticket.createdAt)),
      fact('First response', firstResponseText(ticket, 'Due ')),
      fact('Resolution', ticket.resolvedAt ? ['Resolved ', timeOf(ticket.resolvedAt)] : ['Due ', timeOf(ticket.resolutionDueAt)]),
      fact('Response level', rlaBadges(ticket.rla)),
      fact('Assigned to', ticket.assigneeId ?? 'Nobody'),
      ticket.tags.length ? fact('Tags', h('span', { class: 'tags' }, ticket.tags.map((t) => h('span', { class: 'tag', text: t })))) : null);
    clear(timeline);
    for (const event of ticket.events) timeline.append(timelineItem(event));
    if (ticket.events.length === 0) timeline.append(h('li', { class: 'muted', text: 'Nothing yet.' }));
  }

  const errors = inlineErrors(detail);
  const form = h('form', { class: 'ticket-form', novalidate: true, 'aria-label': `Change ticket ${ticket.number}` },
    h('div', { class: 'ticket-controls' },
      h('div', { class: 'field', 'data-error-host': '' }, h('label', { for: statusSelect.id, text: 'Status' }), statusSelect, errorSlot()),
      h('div', { class: 'field', 'data-error-host': '' }, h('label', { for: prioritySelect.id, text: 'Priority' }), prioritySelect, errorSlot()),
      h('button', { type: 'submit', class: 'button button-primary', id: 'ticket-save', text: 'Save changes' })),
    h('p', { class: 'help', id: 'ticket-priority-help', text: 'A new priority moves the due times that are still open.' }),
    saveStatus);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const patch = {};
    if (statusSelect.value !== ticket.status) patch.status = statusSelect.value;
    if (prioritySelect.value !== ticket.priority) patch.priority = prioritySelect.value;
    if (Object.keys(patch).length === 0) {
      say(saveStatus, 'Nothing to save: change the status or the priority first.', 'info');
      return;
    }
    say(saveStatus, 'Saving…', 'busy');
    try {
      ticket = await api('PATCH', teamPath(`/tickets/${encodeURIComponent(ticket.id)}`), patch);
      fill();
      replaceTicketRow(ticket);
      markSelectedRow();
      say(saveStatus, `Saved at ${clockTime()}: ${STATUS_LABELS[ticket.status] ?? ticket.status}, ${(PRIORITY_LABELS[ticket.priority] ?? ticket.priority).toLowerCase()} priority.`);
    } catch (err) {
      const input = err.field ? errors.show(err.field, messageFor(err)) : null;
      input?.focus();
      say(saveStatus, `Not saved: ${input ? 'fix the field marked in red.' : err.message}`, 'error');
    }
  });

  append(detail,
    h('div', { class: 'section-head' },
      h('h2', { id: 'ticket-h', tabindex: '-1', text: `Ticket #${ticket.number}: ${ticket.subject}` }),
      h('button', {
        type: 'button', class: 'button button-quiet button-small', text: 'Hide details',
        onclick: () => {
          const button = document.getElementById(`ticket-open-${ticket.number}`);
          tickets.selectedId = null;
          tickets.detailSeq += 1;
          detail.hidden = true;
          markSelectedRow();
          button?.focus();
        },
      })),
    facts,
    form,
    h('h3', { id: 'ticket-timeline-h', text: 'Timeline' }),
    h('div', { 'aria-labelledby': 'ticket-timeline-h', role: 'region' }, timeline));
  fill();
}

/** One event on a ticket: what happened, when, who did it, and the details that matter. */
function timelineItem(event) {
  const details = [];
  const add = (label, value) => {
    if (value === null || value === undefined || value === '') return;
    details.push(h('li', {}, h('span', { class: 'detail-label', text: `${label}: ` }), value));
  };
  const change = (labels = {}) => {
    const show = (v) => (Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v === null || v === undefined ? 'nobody' : labels[v] ?? String(v));
    add('Change', `${show(event.from)} → ${show(event.to)}`);
    add('Why', event.reason);
  };
  const replyTitle = (kind) => state.replies.find((r) => r.kind === kind)?.title ?? (kind ? humanize(kind) : null);
  switch (event.type) {
    case 'created':
      add('Source', SOURCE_LABELS[event.source] ?? event.source);
      break;
    case 'call':
      add('Outcome', OUTCOME_LABELS[event.outcome] ?? event.outcome);
      add('Length', typeof event.durationSeconds === 'number' ? `${event.durationSeconds} s` : null);
      add('Last step', event.lastStage ? humanize(event.lastStage) : null);
      break;
    case 'voicemail':
      add('Recording', isWebUrl(event.recordingUrl)
        ? h('a', { href: event.recordingUrl, target: '_blank', rel: 'noopener noreferrer', text: 'Listen to the voicemail' })
        : 'not available');
      add('Length', typeof event.durationSeconds === 'number' ? `${event.durationSeconds} s` : null);
      break;
    case 'message':
      add('Channel', CHANNEL_LABELS[event.channel] ?? event.channel);
      break;
    case 'reply_sent':
      add('Reply', replyTitle(event.kind));
      add('Channel', CHANNEL_LABELS[event.channel] ?? event.channel);
      break;
    case 'reply_skipped':
      add('Reply', replyTitle(event.kind));
      add('Why not', event.reason ? humanize(event.reason) : null);
      break;
    case 'status_changed':
      change(STATUS_LABELS);
      break;
    case 'priority_changed':
      change(PRIORITY_LABELS);
      break;
    case 'assigned':
    case 'tags_changed':
      change();
      break;
    case 'first_response':
      if (event.awaiting) {
        add('Waiting again', event.reason ? humanize(event.reason) : 'yes');
        add('Due', timeOf(event.dueAt));
      } else {
        add('Answered', timeOf(event.respondedAt ?? event.at));
      }
      break;
    case 'rla_warning':
    case 'rla_breach':
      add('Clock', event.clock === 'first_response' ? 'First response' : event.clock === 'resolution' ? 'Resolution' : event.clock);
      add('Due', timeOf(event.dueAt));
      break;
    default:
      // A kind of event this page does not know yet: its plain values, without ids.
      for (const [key, value] of Object.entries(event)) {
        if (['id', 'type', 'actor', 'at'].includes(key) || /Id$|Sid$/.test(key)) continue;
        if (value !== null && typeof value !== 'object') add(humanize(key), String(value));
      }
  }
  return h('li', { class: `timeline-item timeline-${event.type}` },
    h('div', { class: 'timeline-head' },
      h('span', { class: 'timeline-type', text: EVENT_LABELS[event.type] ?? humanize(event.type) }),
      h('span', { class: 'timeline-meta' }, timeOf(event.at), ' · ', actorLabel(event.actor))),
    details.length ? h('ul', { class: 'timeline-details' }, details) : null);
}

// ---------------------------------------------------------------------------------------------
// History

let historyList;
let historyStatus;
function renderHistoryShell() {
  const panel = clear(panels.history);
  historyList = h('ol', { class: 'history', role: 'list', id: 'history-list' });
  historyStatus = h('p', { class: 'save-status', role: 'status', id: 'history-status' });
  append(panel, h('div', { class: 'card section-card' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'history-h', text: 'Change history' }),
      h('button', { type: 'button', class: 'button button-secondary button-small', text: 'Refresh', onclick: loadHistory })),
    h('p', { class: 'panel-intro', text: 'Every change to this team’s replies, hours and settings, and who made it.' }),
    historyStatus,
    historyList));
}

let historySeq = 0;
async function loadHistory() {
  const seq = (historySeq += 1);
  say(historyStatus, 'Loading the history…', 'busy');
  try {
    const entries = await api('GET', teamPath('/audit?limit=100'));
    if (seq !== historySeq) return;
    clear(historyList);
    for (const entry of entries) historyList.append(historyItem(entry));
    say(historyStatus, entries.length === 0 ? 'No changes yet.' : `${entries.length} ${entries.length === 1 ? 'change' : 'changes'}, newest first.`, 'info');
  } catch (err) {
    if (seq === historySeq) say(historyStatus, `Could not load the history: ${err.message}`, 'error');
  }
}

function historyItem(entry) {
  const subject = subjectOf(entry);
  const actor = entry.actor.startsWith('user:') ? entry.actor.slice(5) : entry.actor;
  const changes = changedKeys(entry.before, entry.after);
  return h('li', { class: 'history-item' },
    h('div', { class: 'history-main' },
      h('span', { class: 'history-action', text: ACTION_LABELS[entry.action] ?? entry.action }),
      subject ? h('span', { class: 'history-subject', text: subject }) : null),
    h('p', { class: 'history-meta' },
      h('span', { text: actor }), ' · ', h('time', { datetime: entry.at, text: timeFormat.format(new Date(entry.at)) })),
    h('details', { class: 'history-details' },
      h('summary', { text: changes.length ? `What changed (${changes.map((c) => c.key).join(', ')})` : 'Before and after' }),
      h('div', { class: 'diff' },
        h('div', {}, h('h4', { text: 'Before' }), h('pre', { text: pretty(entry.before) })),
        h('div', {}, h('h4', { text: 'After' }), h('pre', { text: pretty(entry.after) })))));
}

/** A reply's title, a user's email; nothing where the action already says it (schedule, team). */
function subjectOf(entry) {
  const reply = state.replies.find((r) => r.kind === entry.subject);
  if (reply) return reply.title;
  if (entry.subject === 'schedule' || entry.subject === 'team' || entry.subject === 'notification_webhook_secret') return null;
  const email = entry.after?.email ?? entry.before?.email;
  return typeof email === 'string' ? email : entry.subject;
}

function changedKeys(before, after) {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map((key) => ({ key }));
}

function pretty(value) {
  return value === null || value === undefined ? '(nothing)' : JSON.stringify(value, null, 2);
}

start();
