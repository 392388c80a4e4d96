// @ts-check
// Manage > Chat: the panel's entry. Plain ES modules, no framework, no build step. Everything shown
// comes from the JSON API under /api; user data is rendered as text nodes only.
//
// This module owns the page: the header's team and language pickers, the tabs, and loading the
// team. What the tabs show lives in tabs/; what they share in dom.js, api.js, fields.js, i18n.js.

import { createApi } from './api.js';
import { append, clear, h, say } from './dom.js';
import { chooseLocale, createI18n, isLocale, LANGUAGE_NAMES, LOCALES } from './i18n.js';
import { TABS } from './tabs/index.js';

/** @typedef {import('./state.js').Team} Team */
/** @typedef {import('./state.js').TabRequest} TabRequest */

const LANGUAGE_STORAGE_KEY = 'switchboard.manage.language';

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
const userRole = document.querySelector('meta[name="user-role"]')?.getAttribute('content') ?? 'agent';
const canEdit = userRole === 'admin' || userRole === 'manager';
const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const teamSlot = document.getElementById('team-slot');
const languageSlot = document.getElementById('language-slot');

/**
 * Everything the page keeps between renders.
 * @type {{
 *   teams: Team[], teamId: string | null, team: import('./state.js').TeamState | null,
 *   tab: string, i18n: import('./i18n.js').I18n,
 *   shown: Map<string, { button: HTMLButtonElement, panel: HTMLElement, view: import('./state.js').TabView | void }>,
 *   globalStatus: HTMLElement | null,
 * }}
 */
const page = {
  teams: [],
  teamId: null,
  team: null,
  tab: TABS[0]?.id ?? '',
  i18n: createI18n(chooseLocale({ chosen: storedLanguage() })),
  shown: new Map(),
  globalStatus: null,
};

/** @type {import('./state.js').PanelContext['t']} */
const t = (key, params) => page.i18n.t(key, params);

const api = createApi({
  csrfToken,
  // Getters: read when a request fails, so in the language shown then.
  messages: {
    get network() {
      return t('api.network');
    },
    get unauthorized() {
      return t('api.unauthorized');
    },
    status: (status) => t('api.status', { status: String(status) }),
  },
});

// ---------------------------------------------------------------------------------------------
// Language: the user's choice (kept in this browser), else the team's, else English.

/** @returns {string | null} */
function storedLanguage() {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage switched off: the team's language then
  }
}

/** @param {string | null} locale null: follow the team */
function storeLanguage(locale) {
  try {
    if (locale) window.localStorage.setItem(LANGUAGE_STORAGE_KEY, locale);
    else window.localStorage.removeItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Not kept: the choice holds until the page is left.
  }
}

const teamLocale = () => page.teams.find((team) => team.id === page.teamId)?.locale ?? null;

/** Picks the language again; answers whether it changed. */
function applyLanguage() {
  const locale = chooseLocale({ chosen: storedLanguage(), team: teamLocale() });
  const changed = locale !== page.i18n.locale;
  if (changed) page.i18n = createI18n(locale);
  document.documentElement.lang = locale;
  document.title = t('shell.documentTitle');
  // The server writes the shell in English; the pieces it marks are put in the language shown.
  for (const el of document.querySelectorAll('[data-message]')) {
    const key = el.getAttribute('data-message') ?? '';
    if (page.i18n.has(key)) el.textContent = t(key);
  }
  return changed;
}

function renderLanguagePicker() {
  if (!languageSlot) return;
  const chosen = storedLanguage();
  const team = teamLocale();
  const select = h(
    'select',
    { id: 'language-picker' },
    h('option', {
      value: '',
      selected: !isLocale(chosen),
      text: t('language.team', { language: isLocale(team) ? LANGUAGE_NAMES[team] : LANGUAGE_NAMES.en }),
    }),
    LOCALES.map((locale) =>
      h('option', { value: locale, lang: locale, selected: chosen === locale, text: LANGUAGE_NAMES[locale] }),
    ),
  );
  select.addEventListener('change', () => {
    storeLanguage(select.value || null);
    applyLanguage();
    renderAll();
    document.getElementById('language-picker')?.focus();
  });
  append(clear(languageSlot), h('label', { for: select.id, class: 'team-label', text: t('language.label') }), select);
}

// ---------------------------------------------------------------------------------------------
// Start, the header and the tabs

async function start() {
  applyLanguage();
  renderLanguagePicker();
  try {
    page.teams = await api('GET', '/teams');
  } catch (err) {
    fatal(err);
    return;
  }
  if (page.teams.length === 0) {
    append(
      clear(app),
      h(
        'div',
        { class: 'empty card' },
        h('h1', { text: t('shell.noTeams') }),
        h('p', { text: t('shell.noTeamsHelp') }),
      ),
    );
    app.removeAttribute('aria-busy');
    return;
  }
  const wanted = new URLSearchParams(window.location.search).get('team');
  page.teamId = page.teams.find((team) => team.id === wanted)?.id ?? page.teams[0]?.id ?? null;
  const fromHash = window.location.hash.slice(1);
  if (TABS.some((tab) => tab.id === fromHash)) page.tab = fromHash;
  window.addEventListener('hashchange', () => {
    const id = window.location.hash.slice(1);
    if (TABS.some((tab) => tab.id === id)) selectTab(id, { focus: false });
  });
  applyLanguage();
  renderAll();
  await loadTeam();
}

/** @param {unknown} err */
function fatal(err) {
  clear(app);
  app.removeAttribute('aria-busy');
  append(
    app,
    h(
      'div',
      { class: 'notice notice-error', role: 'alert' },
      h('strong', { text: t('shell.loadFailed') }),
      ' ',
      err instanceof Error ? err.message : String(err),
    ),
  );
}

/** The whole page again, in the language shown: after start and on a change of language. */
function renderAll() {
  renderLanguagePicker();
  renderTeamSlot();
  renderShell();
  if (page.team) renderTabs();
}

function renderTeamSlot() {
  if (!teamSlot) return;
  clear(teamSlot);
  if (userRole === 'admin') {
    const select = h(
      'select',
      { id: 'team-picker', onchange: () => switchTeam(select.value) },
      page.teams.map((team) =>
        h('option', {
          value: team.id,
          selected: team.id === page.teamId,
          text: team.name === team.companyName ? team.name : `${team.name} · ${team.companyName}`,
        }),
      ),
    );
    append(teamSlot, h('label', { for: 'team-picker', class: 'team-label', text: t('shell.team') }), select);
  } else {
    const team = page.teams.find((x) => x.id === page.teamId);
    append(
      teamSlot,
      h('span', { class: 'team-label', text: t('shell.team') }),
      h('span', { class: 'team-name', text: team?.name ?? '' }),
    );
  }
}

/** @param {string} teamId */
async function switchTeam(teamId) {
  page.teamId = teamId;
  const url = new URL(window.location.href);
  url.searchParams.set('team', teamId);
  window.history.replaceState(null, '', url);
  // The team's language, unless the user picked one.
  if (applyLanguage()) renderAll();
  else renderLanguagePicker();
  await loadTeam();
  if (page.globalStatus) say(page.globalStatus, t('shell.showingTeam', { name: page.team?.team.name ?? '' }));
}

function renderShell() {
  clear(app);
  app.removeAttribute('aria-busy');
  page.shown.clear();
  const subtitle = h('p', { class: 'subtitle', id: 'page-subtitle' });
  // Read out on a team switch; the subtitle already shows it on screen.
  page.globalStatus = h('p', { class: 'visually-hidden', role: 'status', id: 'global-status' });
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('shell.tabsLabel') });
  for (const tab of TABS) {
    const button = h('button', {
      type: 'button',
      role: 'tab',
      id: `tab-${tab.id}`,
      'aria-controls': `panel-${tab.id}`,
      'aria-selected': 'false',
      tabindex: '-1',
      text: t(tab.label),
      onclick: () => selectTab(tab.id),
      onkeydown: (event) => onTabKey(event, tab.id),
    });
    tablist.append(button);
    const panel = h(
      'section',
      {
        class: 'tabpanel',
        role: 'tabpanel',
        id: `panel-${tab.id}`,
        'aria-labelledby': `tab-${tab.id}`,
        tabindex: '0',
        hidden: true,
      },
      h('p', { class: 'loading', text: t('shell.loading') }),
    );
    page.shown.set(tab.id, { button, panel, view: undefined });
  }
  append(
    app,
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', text: t('shell.title') }), subtitle),
    canEdit ? null : h('p', { class: 'notice', text: t('shell.readOnly') }),
    page.globalStatus,
    tablist,
    [...page.shown.values()].map((s) => s.panel),
  );
  selectTab(page.tab, { focus: false });
}

/**
 * @param {string} id
 * @param {{ focus?: boolean, request?: TabRequest }} [options]
 */
function selectTab(id, { focus = true, request } = {}) {
  page.tab = id;
  for (const [tabId, { button, panel }] of page.shown) {
    const selected = tabId === id;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    panel.hidden = !selected;
  }
  const shown = page.shown.get(id);
  if (focus) shown?.button.focus();
  if (window.location.hash.slice(1) !== id) window.history.replaceState(null, '', `#${id}`);
  shown?.view?.show?.(request);
}

// Arrow keys move between tabs (the WAI-ARIA tabs pattern); Tab goes on into the panel.
/** @param {KeyboardEvent} event @param {string} id */
function onTabKey(event, id) {
  const index = TABS.findIndex((tab) => tab.id === id);
  /** @type {Record<string, number>} */
  const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
  const move = moves[event.key];
  if (move === undefined) return;
  event.preventDefault();
  const next = TABS[(move + TABS.length) % TABS.length];
  if (next) selectTab(next.id);
}

async function loadTeam() {
  page.team = null;
  for (const { panel } of page.shown.values())
    append(clear(panel), h('p', { class: 'loading', text: t('shell.loading') }));
  const path = `/teams/${encodeURIComponent(page.teamId ?? '')}`;
  try {
    const [team, replies, schedule] = await Promise.all([
      api('GET', path),
      api('GET', `${path}/auto-replies`),
      api('GET', `${path}/schedule`),
    ]);
    page.team = /** @type {import('./state.js').TeamState} */ ({ team, replies, schedule });
  } catch (err) {
    for (const { panel } of page.shown.values()) {
      append(
        clear(panel),
        h('p', {
          class: 'notice notice-error',
          role: 'alert',
          text: t('shell.teamLoadFailed', { reason: err instanceof Error ? err.message : String(err) }),
        }),
      );
    }
    return;
  }
  renderTabs();
}

/** Each tab from the loaded team, then the open tab's show(). */
function renderTabs() {
  const state = page.team;
  if (!state) return;
  const teamPath = `/teams/${encodeURIComponent(state.team.id)}`;
  /** @type {import('./state.js').PanelContext} */
  const ctx = {
    state,
    canEdit,
    api,
    teamPath: (suffix = '') => `${teamPath}${suffix}`,
    i18n: page.i18n,
    t,
    selectTab: (id, request) => selectTab(id, request ? { request } : {}),
  };
  const subtitle = document.getElementById('page-subtitle');
  if (subtitle) subtitle.textContent = t('shell.subtitle', { name: state.team.name, company: state.team.companyName });
  for (const tab of TABS) {
    const shown = page.shown.get(tab.id);
    if (!shown) continue;
    clear(shown.panel);
    shown.view = tab.render(shown.panel, ctx);
    // Agents see the settings; the API would refuse their changes, so the controls say so too.
    if (!canEdit && !tab.agentsMayEdit) {
      for (const el of shown.panel.querySelectorAll('input, select, textarea, [data-mutates]'))
        el.toggleAttribute('disabled', true);
    }
  }
  page.shown.get(page.tab)?.view?.show?.();
}

start();
