// @ts-check
// Inbox: the team's conversations (New / Mine / All) with their unread counts and WhatsApp window,
// the selected ticket's thread, its owner, line, status and chat, and a reply box. For agents and
// managers alike.
//
// New messages appear by polling, not server-sent events: every POLL_MS the open tab asks for the
// list's first page and for the open thread after its cursor, each one indexed query. That works
// across any number of web processes with no pub/sub between them, through any proxy, and a tab
// in the background (or another tab of the panel) asks nothing.

import { ApiError, errorMessage } from '../api.js';
import { append, clear, h, say } from '../dom.js';
import { errorSlot, inlineErrors, messageFor } from '../fields.js';
import { timeOf } from '../format.js';
import { asIs, CHANNELS, labelOf, TICKET_CHAT, TICKET_CHATS, TICKET_STATUS, TICKET_STATUSES } from '../labels.js';
import { authorEmail, resumeAfter, threadEntries, threadItem } from '../widgets/inbox-thread.js';
import { replyBox, windowText } from '../widgets/inbox-reply.js';

/**
 * A row of the inbox list: a ticket view (`GET /tickets`), with its `unread` count and the
 * customer's `whatsappWindow`.
 * @typedef {{
 *   id: string, number: number, subject: string, customer: string, channel: string, source: string,
 *   status: string, chat?: string, priority: string, assigneeId: string | null, groupId?: string | null,
 *   createdAt: string, updatedAt: string, lastActivityAt: string, lastMessageAt?: string,
 *   unread?: number, whatsappWindow?: import('../widgets/inbox-reply.js').WhatsappWindow | null,
 *   events: import('../widgets/ticket-timeline.js').TicketEvent[],
 *   urgent?: { pagedAt: string, pages: number, acknowledgedAt: string | null, acknowledgedBy: string | null } | null,
 *   contact?: { name: string | null, email: string | null, leadStatus: string | null, leadSource: string | null } | null,
 *   fields?: Record<string, string | null>,
 *   online?: boolean,
 * }} InboxTicket
 * @typedef {import('../widgets/inbox-thread.js').ThreadMessage} ThreadMessage
 * @typedef {{ id: string, type: string, status: string, dueAt: string, windowEnd: string, phone: string,
 *   name: string | null, regarding: string | null }} CallbackTask
 * @typedef {{ id: string, name: string, email: string }} TeamUser
 * @typedef {{ id: string, name: string, memberIds: string[] }} Group
 */

const POLL_MS = 3000;
const LIST_PAGE = 50;
const THREAD_PAGE = 200;
/** What the thread's controls show. @type {readonly ('assigneeId' | 'groupId' | 'status' | 'chat')[]} */
const CONTROLLED = ['assigneeId', 'groupId', 'status', 'chat'];
/** The ticket has an urgent page nobody acknowledged yet: the Acknowledge button shows. @param {InboxTicket | null} t */
const urgentOpen = (t) => Boolean(t?.urgent && !t.urgent.acknowledgedAt);
const VIEWS = /** @type {const} */ (['new', 'mine', 'all']);
/** @type {Record<typeof VIEWS[number], import('../i18n.js').MessageKey>} */
const VIEW_LABEL = { new: 'inbox.viewNew', mine: 'inbox.viewMine', all: 'inbox.viewAll' };

/** @type {import('../state.js').Tab} */
export const inboxTab = {
  id: 'inbox',
  label: 'tab.inbox',
  agentsMayEdit: true,
  render(panel, ctx) {
    const { t } = ctx;
    /**
     * What the tab shows. `seq`s: an answer to an older request never overwrites a newer one.
     * @type {{
     *   view: typeof VIEWS[number], list: InboxTicket[], next: string | null, selectedId: string | null,
     *   me: { id: string, email: string } | null, users: TeamUser[], groups: Group[],
     *   listSeq: number, busy: boolean,
     * }}
     */
    const inbox = {
      view: 'new',
      list: [],
      next: null,
      selectedId: null,
      me: null,
      users: [],
      groups: [],
      listSeq: 0,
      busy: false,
    };
    /** The open thread, or null. @type {OpenThread | null} */
    let thread = null;

    // ----- the list ---------------------------------------------------------------------------
    const viewButtons = VIEWS.map((view) =>
      h('button', {
        type: 'button',
        class: 'view-button',
        id: `inbox-view-${view}`,
        'aria-pressed': String(view === inbox.view),
        text: t(VIEW_LABEL[view]),
        onclick: () => setView(view),
      }),
    );
    const groupFilter = h(
      'select',
      { id: 'inbox-filter-group' },
      h('option', { value: '', text: t('inbox.anyGroup') }),
    );
    const statusFilter = h(
      'select',
      { id: 'inbox-filter-status' },
      h('option', { value: '', text: t('tickets.anyStatus') }),
      TICKET_STATUSES.map((value) => h('option', { value, text: t(TICKET_STATUS[value]) })),
    );
    const channelFilter = h(
      'select',
      { id: 'inbox-filter-channel' },
      h('option', { value: '', text: t('inbox.anyChannel') }),
      ['sms', 'whatsapp', 'voice', 'web', 'app'].map((value) =>
        h('option', { value, text: labelOf(CHANNELS, value, t, asIs) }),
      ),
    );
    for (const select of [groupFilter, statusFilter, channelFilter])
      select.addEventListener('change', () => loadList());
    const listStatus = h('p', { class: 'save-status', role: 'status', id: 'inbox-list-status' });
    const list = h('ul', {
      class: 'inbox-list',
      id: 'inbox-list',
      role: 'listbox',
      'aria-labelledby': 'inbox-h',
      'aria-describedby': 'inbox-list-help',
    });
    const more = h('button', {
      type: 'button',
      class: 'button button-secondary button-small',
      id: 'inbox-more',
      hidden: true,
      text: t('inbox.more'),
      onclick: () => loadList({ more: true }),
    });
    const threadPane = h('section', {
      class: 'inbox-thread',
      id: 'inbox-thread',
      'aria-labelledby': 'inbox-thread-h',
      // Escape goes back to the conversation in the list, where Up and Down pick the next one.
      onkeydown: (event) => {
        if (event.key !== 'Escape' || event.defaultPrevented) return;
        const current = listItems().find((li) => li.dataset['ticket'] === inbox.selectedId);
        if (!current) return;
        event.preventDefault();
        current.focus();
      },
    });
    const root = h(
      'div',
      { class: 'card section-card inbox' },
      h(
        'div',
        { class: 'inbox-list-pane' },
        h('h2', { id: 'inbox-h', text: t('inbox.title') }),
        h('div', { class: 'view-switch', role: 'group', 'aria-label': t('inbox.views') }, viewButtons),
        h(
          'form',
          { class: 'filters inbox-filters', role: 'search', 'aria-label': t('inbox.filter'), novalidate: true },
          h('div', { class: 'field' }, h('label', { for: groupFilter.id, text: t('inbox.group') }), groupFilter),
          h('div', { class: 'field' }, h('label', { for: statusFilter.id, text: t('tickets.status') }), statusFilter),
          h('div', { class: 'field' }, h('label', { for: channelFilter.id, text: t('inbox.channel') }), channelFilter),
        ),
        h('p', { class: 'help', id: 'inbox-list-help', text: t('inbox.listHelp') }),
        listStatus,
        list,
        more,
      ),
      threadPane,
    );
    append(panel, root);
    showNothingOpen();

    /** @param {typeof VIEWS[number]} view */
    function setView(view) {
      inbox.view = view;
      for (const button of viewButtons) button.setAttribute('aria-pressed', String(button.id === `inbox-view-${view}`));
      loadList();
    }

    function listQuery() {
      const query = new URLSearchParams({ view: inbox.view, limit: String(LIST_PAGE) });
      if (groupFilter.value) query.set('groupId', groupFilter.value);
      if (statusFilter.value) query.set('status', statusFilter.value);
      if (channelFilter.value) query.set('channel', channelFilter.value);
      return query;
    }

    /**
     * Loads the first page (or the next one), or refreshes the first page quietly on a poll.
     * @param {{ more?: boolean, quiet?: boolean }} [options]
     */
    async function loadList({ more: nextPage = false, quiet = false } = {}) {
      const seq = (inbox.listSeq += 1);
      const query = listQuery();
      if (nextPage && inbox.next) query.set('cursor', inbox.next);
      if (!quiet) say(listStatus, t('inbox.loading'), 'busy');
      try {
        /** @type {{ items: InboxTicket[], next: string | null }} */
        const page = await ctx.api.page(ctx.teamPath(`/tickets?${query}`));
        if (seq !== inbox.listSeq) return;
        if (nextPage) {
          const known = new Set(inbox.list.map((x) => x.id));
          inbox.list = [...inbox.list, ...page.items.filter((x) => !known.has(x.id))];
          inbox.next = page.next;
        } else if (quiet && inbox.list.length > LIST_PAGE) {
          // A poll refreshes the first page; the pages shown below it stay until the next full load.
          const fresh = new Set(page.items.map((x) => x.id));
          inbox.list = [...page.items, ...inbox.list.slice(LIST_PAGE).filter((x) => !fresh.has(x.id))];
        } else {
          inbox.list = page.items;
          inbox.next = page.next;
        }
        renderList();
        more.hidden = !inbox.next;
        say(listStatus, inbox.list.length ? t('inbox.count', { count: inbox.list.length }) : '', 'info');
        thread?.fromList(inbox.list.find((x) => x.id === inbox.selectedId));
      } catch (err) {
        if (seq !== inbox.listSeq) return;
        say(listStatus, t('inbox.loadFailed', { reason: errorMessage(err) }), 'error');
      }
    }

    /** The list again; focus stays on the conversation it was on. */
    function renderList() {
      const focusedId =
        document.activeElement instanceof HTMLElement && list.contains(document.activeElement)
          ? (document.activeElement.dataset['ticket'] ?? null)
          : null;
      clear(list);
      for (const ticket of inbox.list) list.append(listItem(ticket));
      if (inbox.list.length === 0)
        list.append(
          h('li', {
            class: 'inbox-empty muted',
            role: 'option',
            'aria-disabled': 'true',
            text: inbox.view === 'new' ? t('inbox.noneNew') : t('inbox.none'),
          }),
        );
      // One option is in the tab order (roving tabindex): the one focused before, else the open
      // conversation, else the first.
      const items = listItems();
      /** @param {string | null} id */
      const byId = (id) => (id ? items.find((li) => li.dataset['ticket'] === id) : undefined);
      const current = byId(focusedId) ?? byId(inbox.selectedId) ?? items[0];
      if (current) current.tabIndex = 0;
      if (focusedId) byId(focusedId)?.focus();
    }

    const listItems = () => /** @type {HTMLElement[]} */ ([...list.querySelectorAll('li[data-ticket]')]);

    /** @param {InboxTicket} ticket */
    function listItem(ticket) {
      const selected = ticket.id === inbox.selectedId;
      const unread = typeof ticket.unread === 'number' && ticket.unread > 0 ? ticket.unread : 0;
      const waWindow = windowText(ticket.whatsappWindow, ctx.i18n, Date.now());
      const assignee = ticket.assigneeId ? userName(ticket.assigneeId) : t('inbox.unassigned');
      return h(
        'li',
        {
          role: 'option',
          id: `inbox-item-${ticket.number}`,
          class: `inbox-item${unread ? ' is-unread' : ''}`,
          'data-ticket': ticket.id,
          'aria-selected': String(selected),
          tabindex: '-1',
          onclick: () => openTicket(ticket.id, { focus: false }),
          onkeydown: (event) => onItemKey(event, ticket.id),
        },
        h(
          'div',
          { class: 'inbox-item-head' },
          h('span', {
            class: 'inbox-item-customer',
            text: ticket.contact?.name ? `${ticket.contact.name} (${ticket.customer})` : ticket.customer,
          }),
          // A web chat visitor with the widget open on their page.
          ticket.online ? h('span', { class: 'badge badge-online', text: t('inbox.online') }) : null,
          ticket.contact?.leadStatus
            ? h('span', {
                class: 'badge badge-lead',
                title: ticket.contact.leadSource ?? '',
                text: t('inbox.lead'),
              })
            : null,
          unread
            ? h('span', {
                class: 'badge badge-unread',
                'data-unread': String(unread),
                text: t('inbox.unread', { count: unread }),
              })
            : null,
        ),
        h(
          'div',
          { class: 'inbox-item-meta' },
          `#${ticket.number} · ${labelOf(CHANNELS, ticket.channel, t, asIs)} · `,
          h('span', {
            class: `badge badge-status-${ticket.status}`,
            text: labelOf(TICKET_STATUS, ticket.status, t, asIs),
          }),
          ticket.chat === 'completed' ? [' ', h('span', { class: 'badge', text: t('chat.completed') })] : null,
        ),
        h(
          'div',
          { class: 'inbox-item-meta' },
          h('span', { class: 'inbox-item-assignee', text: assignee }),
          ' · ',
          timeOf(ctx.i18n, ticket.lastMessageAt ?? ticket.lastActivityAt),
        ),
        waWindow
          ? h('div', {
              class: `inbox-window ${ticket.whatsappWindow?.open ? 'is-open' : 'is-closed'}`,
              text: waWindow,
            })
          : null,
      );
    }

    /** Up/Down/Home/End move between conversations; Enter or Space opens one. @param {KeyboardEvent} event @param {string} id */
    function onItemKey(event, id) {
      const items = listItems();
      const index = items.findIndex((li) => li.dataset['ticket'] === id);
      /** @type {Record<string, number>} */
      const moves = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 };
      const move = moves[event.key];
      if (move !== undefined) {
        event.preventDefault();
        const target = items[Math.max(0, Math.min(items.length - 1, move))];
        if (!target) return;
        for (const li of items) li.tabIndex = li === target ? 0 : -1;
        target.focus();
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        openTicket(id, { focus: true });
      }
    }

    function markSelected() {
      for (const li of listItems()) {
        const selected = li.dataset['ticket'] === inbox.selectedId;
        li.setAttribute('aria-selected', String(selected));
      }
    }

    // ----- names ------------------------------------------------------------------------------
    /** @param {string} id */
    const userName = (id) => inbox.users.find((u) => u.id === id)?.name ?? id;
    /** @param {string} id */
    const groupName = (id) => inbox.groups.find((g) => g.id === id)?.name ?? id;
    /** An agent's message: their name when they are a user of the team. @param {string} authorId */
    const agentName = (authorId) => {
      const email = authorEmail(authorId);
      // "user:<email>" as the server labels who acted; a bare user id is read too.
      const user = inbox.users.find((u) => (email ? u.email === email : u.id === authorId));
      return user?.name ?? email ?? t('author.agent');
    };

    async function loadPeople() {
      const [me, users, groups] = await Promise.all([
        ctx.api('GET', '/me').catch(() => null),
        ctx.api('GET', ctx.teamPath('/users')).catch(() => []),
        ctx.api('GET', ctx.teamPath('/groups')).catch(() => []),
      ]);
      const user = /** @type {{ user?: { id: string, email: string } } | null} */ (me)?.user;
      inbox.me = user ? { id: user.id, email: user.email } : null;
      inbox.users = /** @type {TeamUser[]} */ (users);
      inbox.groups = /** @type {Group[]} */ (groups);
      const chosen = groupFilter.value;
      clear(groupFilter).append(h('option', { value: '', text: t('inbox.anyGroup') }));
      for (const g of inbox.groups) groupFilter.append(h('option', { value: g.id, text: g.name }));
      groupFilter.value = chosen;
    }

    // ----- the open thread --------------------------------------------------------------------
    function showNothingOpen() {
      append(
        clear(threadPane),
        h('h2', { id: 'inbox-thread-h', tabindex: '-1', class: 'visually-hidden', text: t('inbox.thread') }),
        h('p', { class: 'muted inbox-pick', text: t('inbox.pick') }),
      );
    }

    /**
     * @param {string} id
     * @param {{ focus: boolean }} options focus the thread's heading (a keyboard user opened it)
     */
    async function openTicket(id, { focus }) {
      inbox.selectedId = id;
      markSelected();
      for (const li of listItems()) li.tabIndex = li.dataset['ticket'] === id ? 0 : -1;
      thread?.close();
      const opened = openThread(id);
      thread = opened;
      threadPane.setAttribute('aria-busy', 'true');
      try {
        await opened.load();
        if (thread !== opened) return;
        if (focus) document.getElementById('inbox-thread-h')?.focus();
      } catch (err) {
        if (thread !== opened) return;
        append(
          clear(threadPane),
          h('h2', { id: 'inbox-thread-h', tabindex: '-1', text: t('inbox.thread') }),
          h('p', {
            class: 'notice notice-error',
            role: 'alert',
            text: t('inbox.threadFailed', { reason: errorMessage(err) }),
          }),
        );
      } finally {
        if (thread === opened) threadPane.removeAttribute('aria-busy');
      }
    }

    /**
     * @typedef {object} OpenThread
     * @property {() => Promise<void>} load
     * @property {() => Promise<void>} poll new messages after the cursor
     * @property {(row: InboxTicket | undefined) => void} fromList the list's newer state of this ticket
     * @property {() => void} close
     */

    /** @param {string} id @returns {OpenThread} */
    function openThread(id) {
      const base = ctx.teamPath(`/tickets/${encodeURIComponent(id)}`);
      /** @type {InboxTicket | null} */
      let ticket = null;
      /** @type {Map<string, ThreadMessage>} */
      const messages = new Map();
      let closed = false;
      const items = h('ol', {
        class: 'thread',
        id: 'inbox-thread-items',
        role: 'log',
        tabindex: '0',
        'aria-labelledby': 'inbox-thread-log-h',
      });
      const head = h('div', { class: 'thread-head' });
      const controls = h('div', { class: 'thread-controls-slot' });
      const tasksBox = h('section', { class: 'inbox-tasks', id: 'inbox-tasks', 'aria-labelledby': 'inbox-tasks-h' });
      const tasksStatus = h('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'inbox-tasks-status' });
      /** @type {CallbackTask[]} */
      let tasks = [];
      /** @type {ReturnType<typeof replyBox> | null} */
      let reply = null;

      /**
       * Reads pages after the cursor until a short one; answers whether anything was new or
       * changed, and whether the customer wrote. The cursor stays before a recent reply still in flight, so that its delivery
       * status follows in the same one query.
       */
      async function readMessages() {
        let changed = false;
        let inbound = false;
        let cursor = resumeAfter([...messages.values()], Date.now());
        for (;;) {
          const query = new URLSearchParams({ limit: String(THREAD_PAGE) });
          if (cursor) query.set('after', cursor);
          /** @type {ThreadMessage[]} */
          const page = await ctx.api('GET', `${base}/messages?${query}`);
          if (closed) return { changed: false, inbound: false };
          for (const m of page) {
            if (messages.get(m.id)?.status !== m.status) changed = true;
            if (!messages.has(m.id) && m.direction === 'inbound') inbound = true;
            messages.set(m.id, m);
          }
          const last = page.at(-1);
          if (last) cursor = `${last.createdAt}/${last.id}`;
          if (page.length < THREAD_PAGE) return { changed, inbound };
        }
      }

      // Opening the thread reads it: its inbound messages stop counting as unread.
      async function markRead() {
        try {
          await ctx.api('POST', `${base}/read`);
        } catch {
          return;
        }
        const row = inbox.list.find((x) => x.id === id);
        if (row && row.unread) {
          row.unread = 0;
          renderList();
        }
      }

      /**
       * The thread's items again: a message whose status moved is replaced, newer items appended;
       * anything else (an event that came in between) draws it all again.
       */
      function renderItems() {
        if (!ticket) return;
        const entries = threadEntries([...messages.values()], ticket.events);
        const shown = /** @type {HTMLElement[]} */ ([...items.children]);
        const tc = { ctx, names: { user: userName, group: groupName }, agentName };
        const prefix = shown.every((li, i) => entries[i]?.key === li.dataset['key']);
        if (!prefix) clear(items);
        entries.forEach((entry, i) => {
          const li = prefix ? shown[i] : undefined;
          if (!li) items.append(threadItem(entry, tc));
          else if ('message' in entry && li.dataset['status'] !== entry.message.status)
            li.replaceWith(threadItem(entry, tc));
        });
        if (entries.length === 0) items.append(h('li', { class: 'muted', text: t('tickets.nothingYet') }));
        items.scrollTop = items.scrollHeight;
      }

      /** New messages after the cursor, and the status of replies in flight. */
      async function poll() {
        if (!ticket) return;
        const { changed, inbound } = await readMessages();
        if (closed) return;
        if (changed) renderItems();
        // The agent has the thread open: what the customer just wrote is read.
        if (inbound) markRead();
      }

      function renderHead() {
        if (!ticket) return;
        const waWindow = windowText(ticket.whatsappWindow, ctx.i18n, Date.now());
        append(
          clear(head),
          h('h2', {
            id: 'inbox-thread-h',
            tabindex: '-1',
            text: t('inbox.threadHeading', { number: String(ticket.number), customer: ticket.customer }),
          }),
          h(
            'p',
            { class: 'thread-facts' },
            `${labelOf(CHANNELS, ticket.channel, t, asIs)} · ${ticket.subject}`,
            waWindow
              ? [
                  ' · ',
                  h('span', {
                    class: `inbox-window ${ticket.whatsappWindow?.open ? 'is-open' : 'is-closed'}`,
                    id: 'inbox-thread-window',
                    text: waWindow,
                  }),
                ]
              : null,
          ),
          leadFacts(ticket),
        );
      }

      /**
       * What the customer told the after-hours conversation: who they are, that they are a lead and
       * from where, and the form's answers (a field never answered says so).
       * @param {InboxTicket} t1
       */
      function leadFacts(t1) {
        const fields = Object.entries(t1.fields ?? {}).filter(
          ([key]) => !key.endsWith('Start') && !key.endsWith('End'),
        );
        if (!t1.contact?.leadStatus && fields.length === 0) return null;
        return h(
          'div',
          { class: 'thread-lead', id: 'inbox-thread-lead' },
          t1.contact?.leadStatus
            ? h('p', {
                text: t('inbox.leadFrom', {
                  name: t1.contact.name ?? t1.customer,
                  email: t1.contact.email ?? '—',
                  source: t1.contact.leadSource ?? '',
                }),
              })
            : null,
          fields.length > 0
            ? h(
                'dl',
                { class: 'thread-fields' },
                fields.map(([key, value]) => [
                  h('dt', { text: key }),
                  h('dd', { text: value ?? t('inbox.fieldMissing') }),
                ]),
              )
            : null,
        );
      }

      async function loadTasks() {
        try {
          /** @type {CallbackTask[]} */
          const all = await ctx.api('GET', `${base}/tasks`);
          tasks = all.filter((task) => task.type === 'callback' && task.status === 'open');
        } catch {
          tasks = []; // the thread stays usable without its task list
        }
        if (!closed) renderTasks();
      }

      /** Open callbacks, each with a Done button; nothing at all when there are none. */
      function renderTasks() {
        clear(tasksBox);
        if (tasks.length === 0) {
          if (tasksStatus.textContent) append(tasksBox, tasksStatus);
          return;
        }
        append(
          tasksBox,
          h('h3', { id: 'inbox-tasks-h', text: t('inbox.callbacks') }),
          h(
            'ul',
            { class: 'inbox-task-list' },
            tasks.map((task) =>
              h(
                'li',
                { class: 'inbox-task', 'data-task': task.id },
                h('span', {
                  text: t('inbox.callbackLine', {
                    name: task.name ?? t('inbox.callbackCustomer'),
                    phone: task.phone,
                    from: ctx.i18n.dateTime(task.dueAt),
                    to: ctx.i18n.dateTime(task.windowEnd),
                  }),
                }),
                task.regarding
                  ? h('span', { class: 'muted', text: ` · ${t('inbox.callbackAbout', { regarding: task.regarding })}` })
                  : null,
                ' ',
                h('button', {
                  type: 'button',
                  class: 'button',
                  text: t('inbox.callbackDone'),
                  'aria-label': t('inbox.callbackDoneLabel', { phone: task.phone }),
                  onclick: () => markTaskDone(task),
                }),
              ),
            ),
          ),
          tasksStatus,
        );
      }

      /** @param {CallbackTask} task */
      async function markTaskDone(task) {
        say(tasksStatus, t('save.saving'), 'busy');
        try {
          await ctx.api('POST', `${base}/tasks/${encodeURIComponent(task.id)}/done`);
          say(tasksStatus, t('inbox.callbackSaved', { time: ctx.i18n.clock() }), 'ok');
        } catch (err) {
          say(tasksStatus, t('inbox.callbackFailed', { reason: errorMessage(err) }), 'error');
        }
        await loadTasks();
        // The timeline and the response clock changed with it.
        try {
          /** @type {InboxTicket} */
          const loaded = await ctx.api('GET', base);
          if (ticket && !closed) {
            ticket = { ...ticket, ...loaded };
            renderItems();
          }
        } catch {
          // the next poll brings it
        }
      }

      function renderControls() {
        if (!ticket) return;
        append(
          clear(controls),
          ticketControls(ticket, (changed) => {
            ticket = { ...ticket, ...changed };
            renderHead();
            renderItems();
            renderControls();
            const index = inbox.list.findIndex((x) => x.id === id);
            if (index >= 0) inbox.list[index] = { ...inbox.list[index], ...changed };
            // The view may no longer hold it (taken from "new"): the list says so at once.
            loadList({ quiet: true });
          }),
        );
      }

      return {
        async load() {
          /** @type {InboxTicket} */
          const loaded = await ctx.api('GET', base);
          const row = inbox.list.find((x) => x.id === id);
          // The list knows what a single ticket's answer may not (unread, window).
          ticket = { ...row, ...loaded, whatsappWindow: loaded.whatsappWindow ?? row?.whatsappWindow };
          await readMessages();
          if (closed) return;
          reply = replyBox({
            ctx,
            ticket,
            onSent: (sent) => {
              // A whole thread message goes on at once; a bare {id, status} comes with the next read.
              if (sent.createdAt && sent.direction) {
                messages.set(sent.id, sent);
                renderItems();
              }
              poll().catch(() => undefined);
            },
          });
          append(
            clear(threadPane),
            head,
            controls,
            tasksBox,
            h('h3', { id: 'inbox-thread-log-h', class: 'visually-hidden', text: t('inbox.thread') }),
            items,
            reply.form,
          );
          renderHead();
          renderControls();
          renderItems();
          loadTasks();
          markRead();
        },
        poll,
        fromList(row) {
          if (!row || !ticket || closed) return;
          reply?.updateWindow(row.whatsappWindow);
          // The list row is the whole ticket view: its events and state, without a request of our
          // own. A row read before our own change landed is older than what is shown: left alone.
          if (!isNewer(row, ticket)) return;
          const controlsChanged =
            CONTROLLED.some((key) => row[key] !== ticket?.[key]) || urgentOpen(row) !== urgentOpen(ticket);
          ticket = { ...ticket, ...row };
          renderHead();
          renderItems();
          // Only a change of what the controls show redraws them: a choice not saved yet stays.
          if (controlsChanged) renderControls();
        },
        close() {
          closed = true;
        },
      };
    }

    /**
     * Owner, line, status and chat: "Assign to me" at once, the rest with Save.
     * @param {InboxTicket} ticket
     * @param {(changed: InboxTicket) => void} onSaved
     */
    function ticketControls(ticket, onSaved) {
      const saveStatus = h('p', { class: 'save-status', role: 'status', id: 'inbox-save-status' });
      const assignee = h(
        'select',
        { id: 'inbox-assignee', 'data-field': 'assigneeId' },
        h('option', { value: '', text: t('tickets.nobody') }),
        inbox.users.map((u) => h('option', { value: u.id, text: u.name })),
      );
      // Someone the list does not know (a user removed since): still shown, by id.
      if (ticket.assigneeId && !inbox.users.some((u) => u.id === ticket.assigneeId))
        assignee.append(h('option', { value: ticket.assigneeId, text: ticket.assigneeId }));
      assignee.value = ticket.assigneeId ?? '';
      const group = h(
        'select',
        { id: 'inbox-group', 'data-field': 'groupId' },
        h('option', { value: '', text: t('inbox.noGroup') }),
        inbox.groups.map((g) => h('option', { value: g.id, text: g.name })),
      );
      group.value = ticket.groupId ?? '';
      const status = h(
        'select',
        { id: 'inbox-status', 'data-field': 'status' },
        TICKET_STATUSES.map((value) => h('option', { value, text: t(TICKET_STATUS[value]) })),
      );
      status.value = ticket.status;
      const chat = h(
        'select',
        { id: 'inbox-chat', 'data-field': 'chat' },
        TICKET_CHATS.map((value) => h('option', { value, text: t(TICKET_CHAT[value]) })),
      );
      chat.value = ticket.chat ?? 'active';
      const me = inbox.me && inbox.users.some((u) => u.id === inbox.me?.id) ? inbox.me : null;

      /** @param {Record<string, string | null>} patch @param {string} done */
      async function save(patch, done) {
        errors.clear();
        if (Object.keys(patch).length === 0) {
          say(saveStatus, t('inbox.nothingToSave'), 'info');
          return;
        }
        say(saveStatus, t('save.saving'), 'busy');
        try {
          /** @type {InboxTicket} */
          const saved = await ctx.api('PATCH', ctx.teamPath(`/tickets/${encodeURIComponent(ticket.id)}`), patch);
          const focusedId = document.activeElement?.id;
          onSaved(saved);
          // The controls were drawn again: focus goes back where it was.
          if (focusedId) document.getElementById(focusedId)?.focus();
          const after = document.getElementById('inbox-save-status');
          if (after) say(after, done);
        } catch (err) {
          const input = errors.show(err instanceof ApiError ? err.field : null, messageFor(err));
          input?.focus();
          say(
            saveStatus,
            input ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }),
            'error',
          );
        }
      }

      // Urgent paging: stops the pages and tells the customer; who is the signed-in agent.
      async function acknowledge() {
        errors.clear();
        say(saveStatus, t('save.saving'), 'busy');
        try {
          const path = ctx.teamPath(`/tickets/${encodeURIComponent(ticket.id)}`);
          await ctx.api('POST', `${path}/acknowledge`);
          /** @type {InboxTicket} */
          const fresh = await ctx.api('GET', path);
          onSaved(fresh);
          const after = document.getElementById('inbox-save-status');
          if (after) say(after, t('inbox.acknowledgedAt', { time: ctx.i18n.clock() }));
          document.getElementById('inbox-save')?.focus();
        } catch (err) {
          say(saveStatus, t('save.notSavedBecause', { reason: errorMessage(err) }), 'error');
        }
      }

      /** @param {HTMLSelectElement} select @param {import('../i18n.js').MessageKey} label */
      const field = (select, label) =>
        h(
          'div',
          { class: 'field', 'data-error-host': '' },
          h('label', { for: select.id, text: t(label) }),
          select,
          errorSlot(),
        );
      const form = h(
        'form',
        {
          class: 'thread-controls',
          id: 'inbox-controls',
          novalidate: true,
          'aria-label': t('tickets.changeLabel', { number: String(ticket.number) }),
        },
        h(
          'div',
          { class: 'ticket-controls' },
          field(assignee, 'inbox.assignee'),
          me
            ? h('button', {
                type: 'button',
                class: 'button button-secondary',
                id: 'inbox-assign-me',
                text: t('inbox.assignToMe'),
                disabled: ticket.assigneeId === me.id,
                onclick: () => save({ assigneeId: me.id }, t('inbox.assignedToYou', { time: ctx.i18n.clock() })),
              })
            : null,
          field(group, 'inbox.group'),
          field(status, 'tickets.status'),
          ticket.chat === undefined ? null : field(chat, 'inbox.chat'),
          h('button', { type: 'submit', class: 'button button-primary', id: 'inbox-save', text: t('tickets.save') }),
        ),
        urgentOpen(ticket)
          ? h(
              'p',
              { class: 'inbox-urgent', id: 'inbox-urgent' },
              t('inbox.urgentOpen', { pages: String(ticket.urgent?.pages ?? 1) }),
              ' ',
              h('button', {
                type: 'button',
                class: 'button button-primary',
                id: 'inbox-acknowledge',
                text: t('inbox.acknowledge'),
                onclick: () => acknowledge(),
              }),
            )
          : null,
        saveStatus,
      );
      const errors = inlineErrors(form);
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        /** @type {Record<string, string | null>} */
        const patch = {};
        if (assignee.value !== (ticket.assigneeId ?? '')) patch['assigneeId'] = assignee.value || null;
        if (group.value !== (ticket.groupId ?? '')) patch['groupId'] = group.value || null;
        if (status.value !== ticket.status) patch['status'] = status.value;
        if (ticket.chat !== undefined && chat.value !== ticket.chat) patch['chat'] = chat.value;
        save(patch, t('save.savedAt', { time: ctx.i18n.clock() }));
      });
      return form;
    }

    // ----- polling ----------------------------------------------------------------------------
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    async function tick() {
      // Drawn again (a new language, another team): this copy of the tab stops.
      if (!root.isConnected) return;
      timer = setTimeout(tick, POLL_MS);
      if (panel.hidden || document.hidden || inbox.busy) return;
      inbox.busy = true;
      try {
        await Promise.all([loadList({ quiet: true }), thread?.poll().catch(() => undefined)]);
      } finally {
        inbox.busy = false;
      }
    }

    let started = false;
    return {
      async show() {
        if (!started) {
          started = true;
          await loadPeople();
          await loadList();
          timer = setTimeout(tick, POLL_MS);
          return;
        }
        clearTimeout(timer);
        await loadList();
        await thread?.poll().catch(() => undefined);
        timer = setTimeout(tick, POLL_MS);
      },
    };
  },
};

/**
 * Whether `row` is a later state of the ticket than `shown`: nothing in it older, something newer.
 * @param {InboxTicket} row
 * @param {InboxTicket} shown
 */
export function isNewer(row, shown) {
  const a = [Date.parse(row.updatedAt), Date.parse(row.lastActivityAt), row.events.length];
  const b = [Date.parse(shown.updatedAt), Date.parse(shown.lastActivityAt), shown.events.length];
  return a.every((x, i) => x >= (b[i] ?? 0)) && a.some((x, i) => x > (b[i] ?? 0));
}
