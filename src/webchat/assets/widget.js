// @ts-check
// Switchboard's embeddable web chat: one classic script, no dependencies, no build step.
//   <script src="{PUBLIC_URL}/widget.js" data-team="{teamId}" async></script>
// Everything lives in one open shadow root (styles included), so the page and the widget do not
// style each other. No cookies: the visitor token is kept in this origin's localStorage, and when
// storage is blocked the visitor lasts for the page's life. The wire is /work/webchat-wire.md.
(function () {
  'use strict';

  const VERSION = '1.0.0';
  const MAX_LENGTH = 4000;
  const READ_BATCH_MS = 500;

  /**
   * @typedef {{ id: string, direction: 'inbound' | 'outbound', author: 'customer' | 'agent' | 'automation',
   *   body: string, createdAt: string, readAt: string | null }} ChatMessage
   * @typedef {{ token: string, visitorId: string, agentsAvailable: boolean, locale: string,
   *   history: ChatMessage[] }} Visitor
   * @typedef {{ code?: string, message?: string, field?: string | null, retryAfter?: number }} WireError
   * @typedef {{ status: number, data: any, retryAfter: number }} Answer
   * @typedef {{ key: string, id: string | null, clientId: string | null, createdAt: string | null,
   *   outbound: boolean, el: HTMLElement, statusEl: HTMLElement }} Entry
   * @typedef {{ clientId: string, body: string, entry: Entry }} Outgoing
   */

  // Captured synchronously: document.currentScript is null once the script has finished running.
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  const globalWindow = /** @type {Window & { SwitchboardWidget?: { version: string } }} */ (window);
  if (!script || globalWindow.SwitchboardWidget) return;
  const team = script.dataset['team'] ?? '';
  if (!team) return;
  // PUBLIC_URL: the folder the script was served from (its origin when served at /widget.js).
  const base = new URL('.', script.src).href.replace(/\/$/, '');
  const teamPath = `/chat/${encodeURIComponent(team)}`;
  const tokenKey = `switchboard:${team}:token`;
  const offlineKey = `switchboard:${team}:offline-sent`;
  globalWindow.SwitchboardWidget = { version: VERSION };

  const TEXTS = {
    en: {
      launcher: 'Chat with us',
      unread: (/** @type {number} */ n) => `${n} unread`,
      title: 'Chat with us',
      close: 'Close chat',
      log: 'Messages',
      empty: 'Ask us anything: we usually answer in a few minutes.',
      you: 'You',
      agent: 'Agent',
      automation: 'Automatic reply',
      composer: 'Your message',
      send: 'Send',
      hint: 'Enter sends, Shift+Enter starts a new line.',
      counter: (/** @type {number} */ n) => `${n} / 4,000 characters`,
      sending: 'Sending…',
      retrying: 'Not sent yet: retrying…',
      failed: 'Not sent.',
      tooLong: 'The message is too long: at most 4,000 characters.',
      emptyMessage: 'Write a message first.',
      tooMany: (/** @type {number} */ n) => `Too many messages: wait ${n} s.`,
      offlineIntro: 'Nobody is available right now. Leave us a message and we will answer by email.',
      name: 'Name',
      email: 'Email',
      message: 'Message',
      offlineSend: 'Send message',
      unavailable: 'The chat is unavailable right now. Please try again later.',
    },
    pl: {
      launcher: 'Napisz do nas',
      unread: (/** @type {number} */ n) => `nieprzeczytane: ${n}`,
      title: 'Napisz do nas',
      close: 'Zamknij czat',
      log: 'Wiadomości',
      empty: 'Zapytaj o cokolwiek: zwykle odpowiadamy w kilka minut.',
      you: 'Ty',
      agent: 'Konsultant',
      automation: 'Odpowiedź automatyczna',
      composer: 'Twoja wiadomość',
      send: 'Wyślij',
      hint: 'Enter wysyła, Shift+Enter zaczyna nowy wiersz.',
      counter: (/** @type {number} */ n) => `${n} / 4000 znaków`,
      sending: 'Wysyłanie…',
      retrying: 'Jeszcze nie wysłano: ponawiamy…',
      failed: 'Nie wysłano.',
      tooLong: 'Wiadomość jest za długa: najwyżej 4000 znaków.',
      emptyMessage: 'Najpierw napisz wiadomość.',
      tooMany: (/** @type {number} */ n) => `Za dużo wiadomości: poczekaj ${n} s.`,
      offlineIntro: 'Nikt nie jest teraz dostępny. Zostaw wiadomość, a odpowiemy e-mailem.',
      name: 'Imię',
      email: 'E-mail',
      message: 'Wiadomość',
      offlineSend: 'Wyślij wiadomość',
      unavailable: 'Czat jest teraz niedostępny. Spróbuj ponownie później.',
    },
    ru: {
      launcher: 'Напишите нам',
      unread: (/** @type {number} */ n) => `непрочитанных: ${n}`,
      title: 'Напишите нам',
      close: 'Закрыть чат',
      log: 'Сообщения',
      empty: 'Спросите что угодно: обычно мы отвечаем за несколько минут.',
      you: 'Вы',
      agent: 'Оператор',
      automation: 'Автоответ',
      composer: 'Ваше сообщение',
      send: 'Отправить',
      hint: 'Enter отправляет, Shift+Enter начинает новую строку.',
      counter: (/** @type {number} */ n) => `${n} / 4000 символов`,
      sending: 'Отправка…',
      retrying: 'Ещё не отправлено: повторяем…',
      failed: 'Не отправлено.',
      tooLong: 'Сообщение слишком длинное: не больше 4000 символов.',
      emptyMessage: 'Сначала напишите сообщение.',
      tooMany: (/** @type {number} */ n) => `Слишком много сообщений: подождите ${n} с.`,
      offlineIntro: 'Сейчас никого нет на месте. Оставьте сообщение, и мы ответим по e-mail.',
      name: 'Имя',
      email: 'E-mail',
      message: 'Сообщение',
      offlineSend: 'Отправить сообщение',
      unavailable: 'Чат сейчас недоступен. Попробуйте позже.',
    },
  };
  /** @typedef {typeof TEXTS.en} Texts */

  /** @param {string | null | undefined} locale @returns {'en' | 'pl' | 'ru'} */
  function knownLocale(locale) {
    const short = String(locale ?? '')
      .slice(0, 2)
      .toLowerCase();
    return short === 'pl' || short === 'ru' ? short : 'en';
  }

  // ---- storage: blocked storage (privacy modes, sandboxed frames) must not break the widget ----

  /** @type {Record<string, string>} */
  const memory = {};
  /** @param {string} key @returns {string | null} */
  function load(key) {
    try {
      const value = window.localStorage.getItem(key);
      if (value !== null) return value;
    } catch (_err) {
      // blocked: the in-memory copy below is all there is
    }
    return memory[key] ?? null;
  }
  /** @param {string} key @param {string} value */
  function save(key, value) {
    memory[key] = value;
    try {
      window.localStorage.setItem(key, value);
    } catch (_err) {
      // blocked: a session-only visitor
    }
  }

  // ---- the wire ----

  /** @type {string | null} */
  let token = load(tokenKey);

  /**
   * One POST to the gateway. Never sends cookies. A network failure answers status 0.
   * @param {string} path @param {unknown} body @param {boolean} auth
   * @returns {Promise<Answer>}
   */
  async function post(path, body, auth) {
    /** @type {Record<string, string>} */
    const headers = { 'Content-Type': 'application/json' };
    if (auth && token) headers['Authorization'] = `Bearer ${token}`;
    let res;
    try {
      res = await fetch(base + path, {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        headers,
        body: JSON.stringify(body),
      });
    } catch (_err) {
      return { status: 0, data: null, retryAfter: 0 };
    }
    let data = null;
    try {
      data = await res.json();
    } catch (_err) {
      // 204, or not JSON
    }
    // Retry-After is readable cross-origin only when the gateway exposes it; else the error's own number, else a minute.
    const header = Number(res.headers.get('Retry-After'));
    const inBody = Number(data?.error?.retryAfter);
    const retryAfter = header > 0 ? header : inBody > 0 ? inBody : 60;
    return { status: res.status, data, retryAfter };
  }

  /** @returns {string} */
  function newClientId() {
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; a plain-http page still gets a v4 UUID.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ---- DOM helpers: strings only ever become text ----

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag @param {Record<string, string | boolean>} [attrs] @param {Array<Node | string>} [children]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function h(tag, attrs = {}, children = []) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === false) continue;
      if (key === 'class') el.className = String(value);
      else if (key === 'text') el.textContent = String(value);
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children) el.append(child);
    return el;
  }

  const STYLE = `
:host { all: initial; position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: block; }
* { box-sizing: border-box; }
.root { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24;
  display: flex; flex-direction: column; align-items: flex-end; gap: 12px; }
[hidden] { display: none !important; }
button { font: inherit; cursor: pointer; }
.launcher { display: inline-flex; align-items: center; gap: 8px; border: 0; border-radius: 999px; padding: 12px 18px;
  background: #1f5fbf; color: #fff; font-weight: 600; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.launcher:hover { background: #184c99; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.badge { min-width: 22px; height: 22px; padding: 0 6px; border-radius: 11px; background: #d93025; color: #fff;
  font-size: 12px; line-height: 22px; text-align: center; }
.panel { width: min(360px, calc(100vw - 40px)); height: min(520px, calc(100vh - 110px)); background: #fff;
  border: 1px solid #c9ced6; border-radius: 12px; box-shadow: 0 8px 28px rgba(0,0,0,.25);
  display: flex; flex-direction: column; overflow: hidden; }
.head { display: flex; align-items: center; justify-content: space-between; padding: 12px 14px; background: #1f5fbf; color: #fff; }
.head h2 { margin: 0; font-size: 16px; font-weight: 600; }
.close { border: 0; background: transparent; color: #fff; font-size: 22px; line-height: 1; padding: 2px 8px; border-radius: 6px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f5f7fa; }
.hello { color: #4a5360; font-size: 14px; margin: 0; }
.msg { max-width: 85%; padding: 8px 11px; border-radius: 12px; background: #fff; border: 1px solid #dde1e7; align-self: flex-start; }
.msg.mine { align-self: flex-end; background: #1f5fbf; border-color: #1f5fbf; color: #fff; }
.body { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
.meta { font-size: 12px; opacity: .8; margin-top: 2px; }
.msg.failed { background: #fdecea; border-color: #d93025; color: #8c1d18; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
form { padding: 10px 12px; border-top: 1px solid #dde1e7; display: flex; flex-direction: column; gap: 6px; background: #fff; }
.offline { overflow-y: auto; border-top: 0; }
label { font-size: 13px; font-weight: 600; color: #1b1f24; }
textarea, input { font: inherit; color: #1b1f24; background: #fff; width: 100%; border: 1px solid #8a93a0; border-radius: 8px; padding: 7px 9px; }
textarea { resize: none; min-height: 56px; }
[aria-invalid="true"] { border-color: #d93025; }
.row { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.small { font-size: 12px; color: #4a5360; }
.over { color: #d93025; font-weight: 600; }
.error { font-size: 13px; color: #b3261e; }
.notice { font-size: 13px; color: #7a4b00; background: #fff4e0; border-radius: 6px; padding: 6px 8px; }
.send { border: 0; border-radius: 8px; padding: 8px 16px; background: #1f5fbf; color: #fff; font-weight: 600; }
`;

  // ---- state ----

  /** @type {Texts} */
  let t = TEXTS[knownLocale(document.documentElement.lang || navigator.language)];
  /** @type {'en' | 'pl' | 'ru'} */
  let locale = 'en';
  let agentsAvailable = true;
  let offlineSent = load(offlineKey) === '1';
  let open = false;
  let unread = 0;
  /** @type {Entry[]} in display order: stored messages by createdAt, then the ones still sending */
  const entries = [];
  /** @type {Map<string, Entry>} stored messages by id */
  const byId = new Map();
  /** @type {Outgoing[]} */
  const outbox = [];
  let sending = false;
  /** @type {Set<string>} outbound ids on screen right now (IntersectionObserver) */
  const inView = new Set();
  /** @type {Set<string>} outbound ids reported read, or read already */
  const reported = new Set();
  /** @type {Set<string>} */
  const readQueue = new Set();
  /** @type {number | null} */
  let readTimer = null;
  /** @type {EventSource | null} */
  let stream = null;

  // ---- the shadow root ----

  const host = document.createElement('switchboard-chat');
  const shadow = host.attachShadow({ mode: 'open' });
  const root = h('div', { class: 'root', hidden: true });
  shadow.append(h('style', { text: STYLE }), root);

  const panelId = 'switchboard-panel';
  const headingId = 'switchboard-heading';
  const heading = h('h2', { id: headingId });
  const closeButton = h('button', { type: 'button', class: 'close' }, ['×']);
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const hello = h('p', { class: 'hello' });
  log.append(hello);
  const panel = h(
    'section',
    { id: panelId, class: 'panel', role: 'dialog', 'aria-labelledby': headingId, hidden: true },
    [h('div', { class: 'head' }, [heading, closeButton]), log],
  );
  const launcherLabel = h('span');
  const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const launcher = h(
    'button',
    { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': panelId },
    [launcherLabel, badge],
  );
  root.append(panel, launcher);

  // composer
  const textarea = h('textarea', {
    id: 'switchboard-composer',
    rows: '2',
    'aria-describedby': 'switchboard-counter switchboard-hint',
  });
  const composerLabel = h('label', { for: 'switchboard-composer' });
  const counter = h('span', { id: 'switchboard-counter', class: 'small' });
  const hint = h('span', { id: 'switchboard-hint', class: 'sr' });
  const composerError = h('div', { class: 'error', role: 'alert' });
  const notice = h('div', { class: 'notice', role: 'status', hidden: true });
  const sendButton = h('button', { type: 'submit', class: 'send' });
  const composer = h('form', { class: 'composer', novalidate: true }, [
    composerLabel,
    textarea,
    hint,
    h('div', { class: 'row' }, [counter, sendButton]),
    composerError,
    notice,
  ]);

  // offline form
  /** @type {Record<'name' | 'email' | 'message', { input: HTMLInputElement | HTMLTextAreaElement, label: HTMLLabelElement, error: HTMLElement }>} */
  const offlineFields = {
    name: field('name', h('input', { type: 'text', autocomplete: 'name' })),
    email: field('email', h('input', { type: 'email', autocomplete: 'email' })),
    message: field('message', h('textarea', { rows: '4' })),
  };
  const offlineIntro = h('p', { class: 'small' });
  const offlineError = h('div', { class: 'error', role: 'alert' });
  const offlineButton = h('button', { type: 'submit', class: 'send' });
  const offlineForm = h('form', { class: 'offline', novalidate: true, hidden: true }, [
    offlineIntro,
    ...Object.values(offlineFields).flatMap((f) => [f.label, f.input, f.error]),
    offlineError,
    h('div', { class: 'row' }, [h('span'), offlineButton]),
  ]);
  panel.append(composer, offlineForm);

  /**
   * @param {string} name @param {HTMLInputElement | HTMLTextAreaElement} input
   */
  function field(name, input) {
    const id = `switchboard-offline-${name}`;
    input.id = id;
    input.name = name;
    input.setAttribute('aria-describedby', `${id}-error`);
    return { input, label: h('label', { for: id }), error: h('div', { id: `${id}-error`, class: 'error' }) };
  }

  function applyTexts() {
    launcherLabel.textContent = t.launcher;
    heading.textContent = t.title;
    closeButton.setAttribute('aria-label', t.close);
    log.setAttribute('aria-label', t.log);
    hello.textContent = t.empty;
    composerLabel.textContent = t.composer;
    hint.textContent = t.hint;
    sendButton.textContent = t.send;
    offlineIntro.textContent = t.offlineIntro;
    offlineFields.name.label.textContent = t.name;
    offlineFields.email.label.textContent = t.email;
    offlineFields.message.label.textContent = t.message;
    offlineButton.textContent = t.offlineSend;
    updateCounter();
    updateBadge();
  }

  function updateCounter() {
    const n = textarea.value.length;
    counter.textContent = t.counter(n);
    counter.classList.toggle('over', n > MAX_LENGTH);
    textarea.setAttribute('aria-invalid', String(n > MAX_LENGTH));
  }

  function updateBadge() {
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
    launcher.setAttribute('aria-label', unread === 0 ? t.launcher : `${t.launcher} (${t.unread(unread)})`);
  }

  function showView() {
    const offline = !agentsAvailable && !offlineSent;
    offlineForm.hidden = !offline;
    composer.hidden = offline;
    log.hidden = offline;
  }

  // ---- open and close ----

  /** @param {boolean} focusInside */
  function openPanel(focusInside) {
    open = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    unread = 0;
    updateBadge();
    log.scrollTop = log.scrollHeight;
    if (focusInside) (offlineForm.hidden ? textarea : offlineFields.name.input).focus();
    flushVisibleReads();
  }

  function closePanel() {
    open = false;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', () => (open ? closePanel() : openPanel(true)));
  closeButton.addEventListener('click', closePanel);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closePanel();
    }
  });

  // ---- messages ----

  /** @param {ChatMessage} m @returns {string} */
  function authorLabel(m) {
    if (m.direction === 'inbound') return t.you;
    return m.author === 'automation' ? t.automation : t.agent;
  }

  /** @param {string} iso */
  function timeOf(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  }

  /**
   * The element of one message. The body goes in with textContent: a message is plain text, never markup.
   * @param {string} author @param {string} body @param {boolean} mine
   */
  function messageElement(author, body, mine) {
    const statusEl = h('div', { class: 'meta' });
    const bodyEl = h('p', { class: 'body' });
    bodyEl.textContent = body;
    const el = h('div', { class: mine ? 'msg mine' : 'msg' }, [
      h('span', { class: 'sr', text: `${author}: ` }),
      bodyEl,
      statusEl,
    ]);
    return { el, statusEl };
  }

  /** Puts a stored entry before the first later one (or the first still sending). @param {Entry} entry */
  function placeStored(entry) {
    const at = entries.findIndex(
      (e) => e.createdAt === null || (entry.createdAt !== null && e.createdAt > entry.createdAt),
    );
    if (at === -1) {
      entries.push(entry);
      log.append(entry.el);
    } else {
      const next = entries[at];
      entries.splice(at, 0, entry);
      if (next) log.insertBefore(entry.el, next.el);
    }
  }

  /**
   * Adds a stored message unless it is on screen already (history, the stream and a send's answer
   * all name the same ids). Answers whether it was new.
   * @param {ChatMessage} m @returns {boolean}
   */
  function addMessage(m) {
    if (!m || typeof m.id !== 'string') return false;
    const known = byId.get(m.id);
    if (known) {
      if (m.readAt) reported.add(m.id);
      return false;
    }
    // The stream's echo of a message still being sent (its answer not back yet): the same message.
    if (m.direction === 'inbound') {
      const pending = outbox.find((o) => o.entry.id === null && o.body === String(m.body ?? ''));
      if (pending) {
        confirmSent(pending.entry, m.id, m.createdAt);
        return true;
      }
    }
    const outbound = m.direction === 'outbound';
    const { el, statusEl } = messageElement(authorLabel(m), String(m.body ?? ''), !outbound);
    statusEl.textContent = timeOf(m.createdAt);
    /** @type {Entry} */
    const entry = { key: m.id, id: m.id, clientId: null, createdAt: m.createdAt, outbound, el, statusEl };
    byId.set(m.id, entry);
    placeStored(entry);
    hello.hidden = true;
    if (outbound) {
      if (m.readAt) reported.add(m.id);
      el.dataset['id'] = m.id;
      observer?.observe(el);
    }
    if (open) log.scrollTop = log.scrollHeight;
    return true;
  }

  /** @param {ChatMessage[]} history */
  function addHistory(history) {
    for (const m of Array.isArray(history) ? history : []) addMessage(m);
  }

  function clearMessages() {
    for (const e of entries.splice(0)) e.el.remove();
    byId.clear();
    inView.clear();
    hello.hidden = false;
  }

  // ---- sending ----

  /** @param {string} body */
  function queueMessage(body) {
    const { el, statusEl } = messageElement(t.you, body, true);
    statusEl.textContent = t.sending;
    el.setAttribute('aria-busy', 'true');
    /** @type {Entry} */
    const entry = { key: '', id: null, clientId: newClientId(), createdAt: null, outbound: false, el, statusEl };
    entry.key = entry.clientId ?? '';
    entries.push(entry);
    log.append(el);
    hello.hidden = true;
    log.scrollTop = log.scrollHeight;
    outbox.push({ clientId: entry.key, body, entry });
    void drainOutbox();
  }

  /** @param {number} ms */
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Sends the queue in order; the same clientId on every retry, so the gateway stores each message once. */
  async function drainOutbox() {
    if (sending) return;
    sending = true;
    let backoff = 1000;
    try {
      while (outbox.length > 0) {
        const item = /** @type {Outgoing} */ (outbox[0]);
        const res = await post(`${teamPath}/messages`, { body: item.body, clientId: item.clientId }, true);
        if (res.status === 202 && res.data && typeof res.data.id === 'string') {
          outbox.shift();
          backoff = 1000;
          notice.hidden = true;
          confirmSent(item.entry, String(res.data.id), String(res.data.createdAt ?? new Date().toISOString()));
        } else if (res.status === 429) {
          await waitRateLimit(res.retryAfter);
        } else if (res.status === 413 || res.status === 422) {
          outbox.shift();
          const err = /** @type {WireError | undefined} */ (res.data?.error);
          failSend(item.entry, res.status === 413 ? t.tooLong : (err?.message ?? t.emptyMessage));
        } else if (res.status === 401 || res.status === 403) {
          // The token is gone (or the chat was switched off): start again as the gateway says.
          outbox.shift();
          failSend(item.entry, t.unavailable);
          await resync();
        } else {
          // network failure or 5xx: retry the same clientId
          item.entry.statusEl.textContent = t.retrying;
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 30000);
        }
      }
    } finally {
      sending = false;
    }
  }

  /** @param {number} seconds */
  async function waitRateLimit(seconds) {
    notice.hidden = false;
    for (let left = Math.ceil(seconds); left > 0; left--) {
      notice.textContent = t.tooMany(left);
      await sleep(1000);
    }
    notice.hidden = true;
  }

  /** @param {Entry} entry @param {string} id @param {string} createdAt */
  function confirmSent(entry, id, createdAt) {
    // Confirmed already by the stream's echo (addMessage): nothing more to do.
    if (byId.get(id) === entry) return;
    const index = entries.indexOf(entry);
    if (index !== -1) entries.splice(index, 1);
    entry.el.removeAttribute('aria-busy');
    if (byId.has(id)) {
      // the stream delivered it first
      entry.el.remove();
      return;
    }
    entry.id = id;
    entry.key = id;
    entry.createdAt = createdAt;
    entry.statusEl.textContent = timeOf(createdAt);
    byId.set(id, entry);
    placeStored(entry);
  }

  /** @param {Entry} entry @param {string} why */
  function failSend(entry, why) {
    entry.el.removeAttribute('aria-busy');
    entry.el.classList.add('failed');
    entry.statusEl.textContent = `${t.failed} ${why}`;
    const index = entries.indexOf(entry);
    if (index !== -1) entries.splice(index, 1);
  }

  function submitComposer() {
    const body = textarea.value;
    composerError.textContent = '';
    if (body.trim() === '') {
      composerError.textContent = t.emptyMessage;
      return;
    }
    if (body.length > MAX_LENGTH) {
      composerError.textContent = t.tooLong;
      return;
    }
    textarea.value = '';
    updateCounter();
    queueMessage(body);
  }

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    submitComposer();
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitComposer();
    }
  });
  textarea.addEventListener('input', () => {
    updateCounter();
    if (textarea.value.length <= MAX_LENGTH) composerError.textContent = '';
  });

  // ---- the offline form ----

  offlineForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitOffline();
  });

  async function submitOffline() {
    offlineError.textContent = '';
    for (const f of Object.values(offlineFields)) {
      f.error.textContent = '';
      f.input.removeAttribute('aria-invalid');
    }
    offlineButton.disabled = true;
    const res = await post(
      `${teamPath}/offline`,
      {
        name: offlineFields.name.input.value,
        email: offlineFields.email.input.value,
        message: offlineFields.message.input.value,
      },
      true,
    );
    offlineButton.disabled = false;
    if (res.status === 202) {
      offlineSent = true;
      save(offlineKey, '1');
      showView();
      textarea.focus();
      await resync();
      return;
    }
    const err = /** @type {WireError | undefined} */ (res.data?.error);
    const name = err?.field;
    const target = name === 'name' || name === 'email' || name === 'message' ? offlineFields[name] : null;
    const text = err?.message ?? t.unavailable;
    if (target) {
      target.error.textContent = text;
      target.input.setAttribute('aria-invalid', 'true');
      target.input.focus();
    } else {
      offlineError.textContent = text;
    }
  }

  // ---- read reporting: outbound messages actually seen on a visible page with the panel open ----

  const visible = () => document.visibilityState === 'visible';

  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver(
          (seen) => {
            for (const e of seen) {
              const id = /** @type {HTMLElement} */ (e.target).dataset['id'];
              if (!id) continue;
              if (e.isIntersecting) inView.add(id);
              else inView.delete(id);
            }
            flushVisibleReads();
          },
          { root: log, threshold: 0.5 },
        )
      : null;

  function flushVisibleReads() {
    if (!open || !visible()) return;
    for (const id of inView) {
      if (reported.has(id)) continue;
      reported.add(id);
      readQueue.add(id);
    }
    if (readQueue.size > 0 && readTimer === null) readTimer = window.setTimeout(sendReads, READ_BATCH_MS);
  }

  async function sendReads() {
    readTimer = null;
    const ids = [...readQueue];
    readQueue.clear();
    if (ids.length === 0 || !token) return;
    const res = await post(`${teamPath}/read`, { ids }, true);
    if (res.status === 0 || res.status >= 500) {
      // not recorded: report them again with the next batch
      for (const id of ids) readQueue.add(id);
      if (readTimer === null) readTimer = window.setTimeout(sendReads, READ_BATCH_MS * 4);
    }
  }

  // ---- presence ----

  /** @param {'open' | 'hidden' | 'closed'} state */
  function presence(state) {
    if (!token) return;
    // text/plain JSON: a CORS-safelisted type, so neither sendBeacon nor fetch needs a preflight.
    const body = JSON.stringify({ token, state });
    const url = `${base}${teamPath}/presence`;
    if (state !== 'open' && typeof navigator.sendBeacon === 'function') {
      if (navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' }))) return;
    }
    fetch(url, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      keepalive: true,
      headers: { 'Content-Type': 'text/plain' },
      body,
    }).catch(() => undefined);
  }

  // Unloading fires pagehide and then visibilitychange: "closed" must stay the last word.
  let gone = false;
  document.addEventListener('visibilitychange', () => {
    if (!gone) presence(visible() ? 'open' : 'hidden');
    flushVisibleReads();
  });
  window.addEventListener('pagehide', () => {
    presence('closed');
    gone = true;
  });
  window.addEventListener('pageshow', (event) => {
    // back from the back/forward cache: the page is open again
    gone = false;
    if (event.persisted && visible()) presence('open');
  });

  // ---- the visitor and the stream ----

  /** @param {Visitor} v */
  function applyVisitor(v) {
    if (token !== v.token) {
      const replaced = token !== null;
      token = v.token;
      save(tokenKey, v.token);
      if (replaced) {
        // a new visitor (the old token expired or was refused): the old conversation is not theirs
        clearMessages();
        offlineSent = false;
        save(offlineKey, '');
        if (stream) openStream();
      }
    }
    agentsAvailable = v.agentsAvailable !== false;
    addHistory(v.history);
    if (v.history?.some((m) => m.direction === 'inbound')) offlineSent = true;
    showView();
  }

  /** POST /visitors: who we are, and every message so far (fills whatever the stream missed). */
  async function resync() {
    const res = await post(`${teamPath}/visitors`, token ? { token } : {}, false);
    if (res.status === 200 && res.data && typeof res.data.token === 'string') {
      applyVisitor(/** @type {Visitor} */ (res.data));
      return true;
    }
    return false;
  }

  let streamFailed = false;
  function openStream() {
    if (!token || typeof EventSource !== 'function') return;
    stream?.close();
    const es = new EventSource(`${base}${teamPath}/stream?token=${encodeURIComponent(token)}`);
    stream = es;
    es.addEventListener('open', () => {
      if (streamFailed) {
        streamFailed = false;
        void resync();
      }
    });
    es.addEventListener('message', (event) => {
      let m;
      try {
        m = /** @type {ChatMessage} */ (JSON.parse(event.data));
      } catch (_err) {
        return;
      }
      // a reply that arrived while the panel was closed waits on the launcher's badge
      if (addMessage(m) && m.direction === 'outbound' && !open) {
        unread += 1;
        updateBadge();
      }
    });
    es.addEventListener('availability', (event) => {
      try {
        const data = JSON.parse(event.data);
        agentsAvailable = data?.agentsAvailable !== false;
        showView();
      } catch (_err) {
        // ignore a malformed event
      }
    });
    es.addEventListener('error', () => {
      streamFailed = true;
      if (es.readyState === EventSource.CLOSED) {
        // The gateway refused the stream (a bad token, a restart): ask again who we are, then reopen.
        stream = null;
        window.setTimeout(() => {
          void resync().then(() => {
            streamFailed = false;
            openStream();
          });
        }, 3000);
      }
    });
  }

  async function start() {
    let delay = 2000;
    for (;;) {
      const res = await post(`${teamPath}/visitors`, token ? { token } : {}, false);
      if (res.status === 200 && res.data && typeof res.data.token === 'string') {
        const v = /** @type {Visitor} */ (res.data);
        locale = knownLocale(v.locale);
        t = TEXTS[locale];
        root.setAttribute('lang', locale);
        applyTexts();
        applyVisitor(v);
        root.hidden = false;
        openStream();
        if (visible()) presence('open');
        return;
      }
      // The chat is off for this team, or this site is not allowed: show nothing.
      if (res.status >= 400 && res.status < 500) return;
      await sleep(delay);
      delay = Math.min(delay * 2, 60000);
    }
  }

  function mount() {
    (document.body ?? document.documentElement).append(host);
    void start();
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
})();
