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
  { id: 'missed-calls', label: 'Missed calls' },
  { id: 'history', label: 'History' },
];
const CHANNEL_LABELS = { sms: 'SMS', whatsapp: 'WhatsApp', web: 'Web', app: 'App', voice: 'Voice' };
const ACTION_LABELS = {
  'auto_reply.updated': 'Automated reply changed',
  'auto_reply.reset': 'Automated reply reset to default',
  'schedule.updated': 'Opening hours changed',
  'team.updated': 'Team settings changed',
  'user.created': 'User added',
};

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
    canEdit ? null : h('p', { class: 'notice', text: 'You can look at these settings; only a manager can change them.' }),
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
    `Automated chat replies, opening hours and missed calls for ${state.team.name} (${state.team.companyName}).`;
  renderReplies();
  renderSchedule();
  renderMissedCalls();
  renderHistoryShell();
  if (currentTab === 'history') loadHistory();
  if (!canEdit) makeReadOnly();
}

function makeReadOnly() {
  for (const panel of Object.values(panels)) {
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

    function insertAtCursor(input, text) {
      const start = input.selectionStart ?? input.value.length;
      const end = input.selectionEnd ?? start;
      input.setRangeText(text, start, end, 'end');
      input.focus();
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }

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
  const errors = [];

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

  function clearErrors() {
    for (const [input, slot] of errors.splice(0)) clearFieldError(input, slot);
  }

  /** Puts a 422 next to the field it names, or the nearest part of the form that exists. */
  function showError(field, message) {
    const parts = (field ?? '').split('.');
    let host = null;
    while (parts.length && !host) {
      host = panel.querySelector(`[data-field="${CSS.escape(parts.join('.'))}"]`);
      if (!host) parts.pop();
    }
    if (!host) return null;
    const input = host.matches('input, select') ? host : host.querySelector('input, select') ?? host;
    const slotHost = host.closest('[data-error-host]') ?? host.parentElement;
    const slot = [...slotHost.children].find((c) => c.classList.contains('field-error')) ?? slotHost.appendChild(errorSlot());
    showFieldError(input, slot, message);
    errors.push([input, slot]);
    return input;
  }

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
    clearErrors();
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
      const input = err.field ? showError(err.field, messageFor(err)) : null;
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
  if (entry.subject === 'schedule' || entry.subject === 'team') return null;
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
