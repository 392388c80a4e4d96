import { escapeHtml } from '../manage/sign-in-page.js';
import type { AckLinkState } from './acknowledgements.service.js';

/**
 * The acknowledge link's page: a confirm button while the page is open (a GET never acknowledges:
 * chat apps open links to preview them), who acknowledged once someone did, or "unknown link".
 * No script; it posts to itself.
 */
export function renderAckPage(s: AckLinkState, action: string): string {
  if (s.state === 'unknown')
    return layout(
      'Unknown link',
      '<h1>Unknown link</h1><p>This acknowledge link is not known. Check that it was copied whole.</p>',
    );
  const who = s.customerName ? `${s.customerName} (${s.customer})` : s.customer;
  const about = `<p>Ticket ${s.ticketNumber} from ${escapeHtml(who)}.</p>`;
  if (s.state === 'acknowledged') {
    const when = s.acknowledgedAt ? ` at ${escapeHtml(s.acknowledgedAt.toISOString())}` : '';
    const head = s.justNow ? 'Acknowledged' : 'Already acknowledged';
    return layout(
      head,
      `<h1 id="ack-state">${head}</h1>${about}<p>Acknowledged by <strong id="ack-by">${escapeHtml(s.acknowledgedBy ?? 'someone')}</strong>${when}. Paging has stopped${s.justNow ? ' and the customer was told' : ''}.</p>`,
    );
  }
  return layout(
    'Acknowledge the urgent issue',
    `<h1 id="ack-state">Urgent issue</h1>${about}<p>${s.pages} page(s) sent so far. Acknowledging stops the paging and tells the customer that ${escapeHtml(s.recipient)} is on it.</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit" id="ack-confirm">Acknowledge</button></form>`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
button{font-size:1.25rem;padding:.75rem 1.5rem}</style></head>
<body><main>${body}</main></body></html>`;
}
