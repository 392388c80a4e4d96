// @ts-check
// Tickets: a filtered list, and the selected ticket's details, timeline and status. Agents may
// use this tab too: the API lets them change a ticket.

import { errorMessage, fieldOf } from '../api.js';
import { append, clear, h, say } from '../dom.js';
import { errorSlot, inlineErrors, messageFor } from '../fields.js';
import { timeOf } from '../format.js';
import {
  asIs,
  CHANNELS,
  labelOf,
  PRIORITIES,
  PRIORITY,
  RLA_STATE,
  SOURCE,
  SOURCES,
  TICKET_STATUS,
  TICKET_STATUSES,
} from '../labels.js';
import { timelineItem } from '../widgets/ticket-timeline.js';

/**
 * @typedef {{
 *   id: string, number: number, subject: string, customer: string, channel: string, source: string,
 *   priority: string, status: string, createdAt: string, firstResponseDueAt: string | null,
 *   firstRespondedAt: string | null, resolutionDueAt: string | null, resolvedAt: string | null,
 *   assigneeId: string | null, tags: string[], rla: { firstResponse: string, resolution: string },
 *   events: import('../widgets/ticket-timeline.js').TicketEvent[],
 * }} Ticket
 */

const TICKET_PAGE = 50;

/** @type {import('../state.js').Tab} */
export const ticketsTab = {
  id: 'tickets',
  label: 'tab.tickets',
  agentsMayEdit: true,
  render(panel, ctx) {
    const { t } = ctx;
    /**
     * The list as loaded so far, the ticket open in the details, and request counters (an answer
     * to an older request never overwrites a newer one).
     * @type {{ list: Ticket[], selectedId: string | null, seq: number, detailSeq: number }}
     */
    const tickets = { list: [], selectedId: null, seq: 0, detailSeq: 0 };
    /** @param {string | null | undefined} iso */
    const time = (iso) => timeOf(ctx.i18n, iso);

    const statusFilter = h(
      'select',
      { id: 'tickets-filter-status' },
      h('option', { value: '', text: t('tickets.anyStatus') }),
      TICKET_STATUSES.map((value) => h('option', { value, text: t(TICKET_STATUS[value]) })),
    );
    const sourceFilter = h(
      'select',
      { id: 'tickets-filter-source' },
      h('option', { value: '', text: t('tickets.anySource') }),
      SOURCES.map((value) => h('option', { value, text: t(SOURCE[value]) })),
    );
    const customerFilter = h('input', {
      type: 'search',
      id: 'tickets-filter-customer',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: '+14155550100',
      'aria-describedby': 'tickets-filter-customer-help',
    });
    const status = h('p', { class: 'save-status', role: 'status', id: 'tickets-status' });
    const body = h('tbody', { id: 'tickets-list' });
    const more = h('button', {
      type: 'button',
      class: 'button button-secondary button-small',
      id: 'tickets-more',
      hidden: true,
      text: t('tickets.older'),
      onclick: () => loadTickets({ older: true }),
    });
    const detail = h('section', {
      class: 'card section-card ticket-detail',
      id: 'ticket-detail',
      'aria-labelledby': 'ticket-h',
      hidden: true,
    });

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
    const filters = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': t('tickets.filter'), novalidate: true },
      h('div', { class: 'field' }, h('label', { for: statusFilter.id, text: t('tickets.status') }), statusFilter),
      h('div', { class: 'field' }, h('label', { for: sourceFilter.id, text: t('tickets.source') }), sourceFilter),
      h(
        'div',
        { class: 'field' },
        h('label', { for: customerFilter.id, text: t('tickets.customerNumber') }),
        customerFilter,
      ),
      h('p', { class: 'help filters-help', id: 'tickets-filter-customer-help', text: t('tickets.customerNumberHelp') }),
    );
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      applyCustomer();
    });

    append(
      panel,
      h(
        'div',
        { class: 'card section-card' },
        h(
          'div',
          { class: 'section-head' },
          h('h2', { id: 'tickets-h', text: t('tickets.title') }),
          h('button', {
            type: 'button',
            class: 'button button-secondary button-small',
            text: t('common.refresh'),
            'aria-label': t('tickets.refresh'),
            onclick: () => loadTickets(),
          }),
        ),
        h('p', { class: 'panel-intro', text: t('tickets.intro') }),
        filters,
        status,
        h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'data-table tickets-table', 'aria-labelledby': 'tickets-h' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  t('tickets.ticket'),
                  t('tickets.subject'),
                  t('tickets.customer'),
                  t('tickets.priority'),
                  t('tickets.status'),
                  t('tickets.firstResponseDue'),
                  t('tickets.responseLevel'),
                ].map((c) => h('th', { scope: 'col', text: c })),
              ),
            ),
            body,
          ),
        ),
        more,
      ),
      detail,
    );

    async function loadTickets({ older = false } = {}) {
      const seq = (tickets.seq += 1);
      const query = new URLSearchParams({ limit: String(TICKET_PAGE) });
      if (statusFilter.value) query.set('status', statusFilter.value);
      if (sourceFilter.value) query.set('source', sourceFilter.value);
      const customer = customerFilter.value.replace(/[\s().-]/g, '');
      if (customer) query.set('customer', customer);
      const last = tickets.list.at(-1);
      if (older && last) query.set('beforeNumber', String(last.number));
      say(status, t('tickets.loading'), 'busy');
      try {
        /** @type {Ticket[]} */
        const page = await ctx.api('GET', ctx.teamPath(`/tickets?${query}`));
        if (seq !== tickets.seq) return;
        tickets.list = older ? [...tickets.list, ...page] : page;
        if (!older) clear(body);
        for (const ticket of page) body.append(ticketRow(ticket));
        if (tickets.list.length === 0)
          body.append(h('tr', {}, h('td', { colspan: '7', class: 'muted', text: t('tickets.noneMatch') })));
        more.hidden = page.length < TICKET_PAGE;
        const n = tickets.list.length;
        say(status, n === 0 ? '' : t('tickets.count', { count: n }), 'info');
      } catch (err) {
        if (seq === tickets.seq) say(status, t('tickets.loadFailed', { reason: errorMessage(err) }), 'error');
      }
    }

    /** @param {string} priority */
    const priorityBadge = (priority) =>
      h('span', { class: `badge badge-priority-${priority}`, text: labelOf(PRIORITY, priority, t, asIs) });
    /** @param {string} value */
    const statusBadge = (value) =>
      h('span', { class: `badge badge-status-${value}`, text: labelOf(TICKET_STATUS, value, t, asIs) });
    /** @param {Ticket['rla']} rla */
    const rlaBadges = (rla) => {
      /** @param {string} label @param {string} state */
      const badge = (label, state) =>
        h('span', {
          class: `badge badge-rla-${state}`,
          text: t('tickets.rlaBadge', { label, state: labelOf(RLA_STATE, state, t, asIs) }),
        });
      return h(
        'span',
        { class: 'badges' },
        badge(t('rlaClock.firstResponse'), rla.firstResponse),
        badge(t('rlaClock.resolution'), rla.resolution),
      );
    };

    /** @param {Ticket} ticket */
    function ticketRow(ticket) {
      const selected = ticket.id === tickets.selectedId;
      const open = h('button', {
        type: 'button',
        class: 'link-button',
        id: `ticket-open-${ticket.number}`,
        'aria-label': t('tickets.openLabel', { number: String(ticket.number), subject: ticket.subject }),
        'aria-controls': 'ticket-detail',
        text: `#${ticket.number}`,
        onclick: () => selectTicket(ticket.id),
        // Up and Down move between the tickets, as in a list; Enter opens one.
        onkeydown: (event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          const row = open.closest('tr');
          const next = event.key === 'ArrowDown' ? row?.nextElementSibling : row?.previousElementSibling;
          const button = next?.querySelector('.link-button');
          if (!(button instanceof HTMLElement)) return;
          event.preventDefault();
          button.focus();
        },
      });
      return h(
        'tr',
        {
          'data-ticket': ticket.id,
          class: selected ? 'is-selected' : null,
          'aria-current': selected ? 'true' : null,
          // The whole row is a pointer target; keyboard users have the button.
          onclick: (event) => {
            if (!(event.target instanceof Element && event.target.closest('button, a, input, select')))
              selectTicket(ticket.id);
          },
        },
        h('th', { scope: 'row' }, open),
        h('td', { text: ticket.subject }),
        h('td', { text: ticket.customer }),
        h('td', {}, priorityBadge(ticket.priority)),
        h('td', {}, statusBadge(ticket.status)),
        h('td', {}, firstResponseText(ticket)),
        h('td', {}, rlaBadges(ticket.rla)),
      );
    }

    /**
     * When the first answer is due, came, or that none is owed any more (closed without one).
     * @param {Ticket} ticket
     * @param {boolean} [withDue] "Due …" rather than the bare time
     */
    function firstResponseText(ticket, withDue = false) {
      if (ticket.firstRespondedAt)
        return h('span', { class: 'muted' }, t('tickets.answered'), ' ', time(ticket.firstRespondedAt));
      if (ticket.status === 'closed') return h('span', { class: 'muted', text: t('tickets.closedUnanswered') });
      return withDue ? [t('tickets.due'), ' ', time(ticket.firstResponseDueAt)] : time(ticket.firstResponseDueAt);
    }

    /** Puts a changed ticket in its row without reloading the list. @param {Ticket} ticket */
    function replaceTicketRow(ticket) {
      const index = tickets.list.findIndex((x) => x.id === ticket.id);
      if (index >= 0) tickets.list[index] = ticket;
      body.querySelector(`tr[data-ticket="${CSS.escape(ticket.id)}"]`)?.replaceWith(ticketRow(ticket));
    }

    function markSelectedRow() {
      for (const row of body.querySelectorAll('tr[data-ticket]')) {
        if (!(row instanceof HTMLElement)) continue;
        const selected = row.dataset['ticket'] === tickets.selectedId;
        row.classList.toggle('is-selected', selected);
        if (selected) row.setAttribute('aria-current', 'true');
        else row.removeAttribute('aria-current');
      }
    }

    /** @param {string} id */
    async function selectTicket(id) {
      const seq = (tickets.detailSeq += 1);
      tickets.selectedId = id;
      markSelectedRow();
      detail.hidden = false;
      detail.setAttribute('aria-busy', 'true');
      try {
        /** @type {Ticket} */
        const ticket = await ctx.api('GET', ctx.teamPath(`/tickets/${encodeURIComponent(id)}`));
        if (seq !== tickets.detailSeq) return;
        renderTicketDetail(ticket);
        document.getElementById('ticket-h')?.focus();
      } catch (err) {
        if (seq !== tickets.detailSeq) return;
        append(
          clear(detail),
          h('h2', { id: 'ticket-h', tabindex: '-1', text: t('tickets.ticket') }),
          h('p', {
            class: 'notice notice-error',
            role: 'alert',
            text: t('tickets.loadOneFailed', { reason: errorMessage(err) }),
          }),
        );
      } finally {
        if (seq === tickets.detailSeq) detail.removeAttribute('aria-busy');
      }
    }

    /** @param {Ticket} initial */
    function renderTicketDetail(initial) {
      let ticket = initial;
      clear(detail);
      const facts = h('dl', { class: 'facts', id: 'ticket-facts' });
      const timeline = h('ol', { class: 'timeline', id: 'ticket-timeline' });
      const saveStatus = h('p', { class: 'save-status', role: 'status', id: 'ticket-save-status' });
      const statusSelect = h(
        'select',
        { id: 'ticket-status', 'data-field': 'status' },
        TICKET_STATUSES.map((value) => h('option', { value, text: t(TICKET_STATUS[value]) })),
      );
      const prioritySelect = h(
        'select',
        { id: 'ticket-priority', 'data-field': 'priority', 'aria-describedby': 'ticket-priority-help' },
        PRIORITIES.map((value) => h('option', { value, text: t(PRIORITY[value]) })),
      );

      function fill() {
        statusSelect.value = ticket.status;
        prioritySelect.value = ticket.priority;
        clear(facts);
        /** @param {string} term @param {...import('../dom.js').Child} value */
        const fact = (term, ...value) => [h('dt', { text: term }), h('dd', {}, ...value)];
        append(
          facts,
          fact(t('tickets.customer'), ticket.customer),
          fact(
            t('tickets.channelAndSource'),
            `${labelOf(CHANNELS, ticket.channel, t, asIs)} · ${labelOf(SOURCE, ticket.source, t, asIs)}`,
          ),
          fact(t('tickets.opened'), time(ticket.createdAt)),
          fact(t('rlaClock.firstResponse'), firstResponseText(ticket, true)),
          fact(
            t('rlaClock.resolution'),
            ticket.resolvedAt
              ? [t('tickets.resolved'), ' ', time(ticket.resolvedAt)]
              : [t('tickets.due'), ' ', time(ticket.resolutionDueAt)],
          ),
          fact(t('tickets.responseLevel'), rlaBadges(ticket.rla)),
          fact(t('tickets.assignedTo'), ticket.assigneeId ?? t('tickets.nobody')),
          ticket.tags.length
            ? fact(
                t('tickets.tags'),
                h(
                  'span',
                  { class: 'tags' },
                  ticket.tags.map((tag) => h('span', { class: 'tag', text: tag })),
                ),
              )
            : null,
        );
        clear(timeline);
        for (const event of ticket.events) timeline.append(timelineItem(event, ctx));
        if (ticket.events.length === 0) timeline.append(h('li', { class: 'muted', text: t('tickets.nothingYet') }));
      }

      const errors = inlineErrors(detail);
      const form = h(
        'form',
        {
          class: 'ticket-form',
          novalidate: true,
          'aria-label': t('tickets.changeLabel', { number: String(ticket.number) }),
        },
        h(
          'div',
          { class: 'ticket-controls' },
          h(
            'div',
            { class: 'field', 'data-error-host': '' },
            h('label', { for: statusSelect.id, text: t('tickets.status') }),
            statusSelect,
            errorSlot(),
          ),
          h(
            'div',
            { class: 'field', 'data-error-host': '' },
            h('label', { for: prioritySelect.id, text: t('tickets.priority') }),
            prioritySelect,
            errorSlot(),
          ),
          h('button', { type: 'submit', class: 'button button-primary', id: 'ticket-save', text: t('tickets.save') }),
        ),
        h('p', { class: 'help', id: 'ticket-priority-help', text: t('tickets.priorityHelp') }),
        saveStatus,
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        errors.clear();
        /** @type {{ status?: string, priority?: string }} */
        const patch = {};
        if (statusSelect.value !== ticket.status) patch.status = statusSelect.value;
        if (prioritySelect.value !== ticket.priority) patch.priority = prioritySelect.value;
        if (Object.keys(patch).length === 0) {
          say(saveStatus, t('tickets.nothingToSave'), 'info');
          return;
        }
        say(saveStatus, t('save.saving'), 'busy');
        try {
          ticket = await ctx.api('PATCH', ctx.teamPath(`/tickets/${encodeURIComponent(ticket.id)}`), patch);
          fill();
          replaceTicketRow(ticket);
          markSelectedRow();
          say(
            saveStatus,
            t('tickets.savedAt', {
              time: ctx.i18n.clock(),
              status: labelOf(TICKET_STATUS, ticket.status, t, asIs),
              priority: labelOf(PRIORITY, ticket.priority, t, asIs).toLocaleLowerCase(ctx.i18n.locale),
            }),
          );
        } catch (err) {
          const field = fieldOf(err);
          const input = field ? errors.show(field, messageFor(err)) : null;
          input?.focus();
          say(
            saveStatus,
            input ? t('save.notSavedFix') : t('save.notSavedBecause', { reason: errorMessage(err) }),
            'error',
          );
        }
      });

      append(
        detail,
        h(
          'div',
          { class: 'section-head' },
          h('h2', {
            id: 'ticket-h',
            tabindex: '-1',
            text: t('tickets.heading', { number: String(ticket.number), subject: ticket.subject }),
          }),
          h('button', {
            type: 'button',
            class: 'button button-quiet button-small',
            text: t('tickets.hide'),
            onclick: () => {
              const button = document.getElementById(`ticket-open-${ticket.number}`);
              tickets.selectedId = null;
              tickets.detailSeq += 1;
              detail.hidden = true;
              markSelectedRow();
              button?.focus();
            },
          }),
        ),
        facts,
        form,
        h('h3', { id: 'ticket-timeline-h', text: t('tickets.timeline') }),
        h('div', { 'aria-labelledby': 'ticket-timeline-h', role: 'region' }, timeline),
      );
      fill();
    }

    return {
      show(request) {
        loadTickets();
        if (request?.ticketId) selectTicket(request.ticketId);
      },
    };
  },
};
