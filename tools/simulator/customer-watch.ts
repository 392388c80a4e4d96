import type { DecisionView, GatewayClient, MessageView } from './gateway-client.js';

/** What the gateway did for one customer since the watch's last look. */
export interface CustomerActivity {
  readonly decisions: readonly DecisionView[];
  readonly replies: readonly MessageView[];
}

const POLL_MS = 250;
// A reply in one of these has left the gateway (or will not): its status will not change on its own soon.
const SETTLED_STATUSES = new Set(['sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled']);

/**
 * Reads a customer's reply decisions and outbound messages through the API and tells what is new:
 * each decision and reply is reported once, a reply once it has left (or is held for later).
 */
export class CustomerWatch {
  readonly #seenDecisions = new Set<string>();
  readonly #seenReplies = new Set<string>();

  constructor(
    private readonly gateway: GatewayClient,
    private readonly teamId: string,
    private readonly customer: string,
  ) {}

  /** Marks everything already there as seen: only what the next webhook causes is shown. */
  async baseline(): Promise<void> {
    const { decisions, replies } = await this.read();
    for (const d of decisions) this.#seenDecisions.add(decisionKey(d));
    for (const m of replies) this.#seenReplies.add(m.id);
  }

  /**
   * Polls until what the last webhook caused has settled (decisions made, their replies sent or
   * held, nothing new for a poll) or `waitMs` passed, calling `onNew` with each batch as it comes.
   */
  async collect(waitMs: number, onNew: (activity: CustomerActivity) => void = () => {}): Promise<CustomerActivity> {
    const all: { decisions: DecisionView[]; replies: MessageView[] } = { decisions: [], replies: [] };
    const deadline = Date.now() + waitMs;
    let quietPolls = 0;
    for (;;) {
      const last = Date.now() >= deadline;
      const fresh = await this.takeNew(last);
      const pending = this.pendingReplies(all.decisions.concat(fresh.decisions), fresh.pendingIds);
      if (fresh.decisions.length > 0 || fresh.replies.length > 0) {
        all.decisions.push(...fresh.decisions);
        all.replies.push(...fresh.replies);
        onNew(fresh);
        quietPolls = 0;
      } else {
        quietPolls += 1;
      }
      const settled = all.decisions.length > 0 && pending === 0 && quietPolls >= 2;
      if (settled || last) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return all;
  }

  /** One look: what is new since the last (replies once they have left), for a conversation waiting on input. */
  async peek(): Promise<CustomerActivity> {
    const { decisions, replies } = await this.takeNew(false);
    return { decisions, replies };
  }

  /** Send decisions whose message has not settled yet (not listed, or still queued). */
  private pendingReplies(decisions: readonly DecisionView[], unsettled: ReadonlySet<string>): number {
    return decisions.filter(
      (d) => d.action === 'send' && d.messageId && (!this.#seenReplies.has(d.messageId) || unsettled.has(d.messageId)),
    ).length;
  }

  /** What is new since the last look; replies still queued count only when `includeUnsettled` (the last look). */
  private async takeNew(includeUnsettled: boolean): Promise<CustomerActivity & { pendingIds: Set<string> }> {
    const { decisions, replies } = await this.read();
    const newDecisions = decisions.filter((d) => !this.#seenDecisions.has(decisionKey(d))).reverse(); // oldest first
    for (const d of newDecisions) this.#seenDecisions.add(decisionKey(d));
    const pendingIds = new Set<string>();
    const newReplies: MessageView[] = [];
    for (const m of [...replies].reverse()) {
      if (this.#seenReplies.has(m.id)) continue;
      if (!includeUnsettled && !SETTLED_STATUSES.has(m.status) && !m.sendAfter) {
        pendingIds.add(m.id);
        continue;
      }
      this.#seenReplies.add(m.id);
      newReplies.push(m);
    }
    return { decisions: newDecisions, replies: newReplies, pendingIds };
  }

  private async read(): Promise<{ decisions: DecisionView[]; replies: MessageView[] }> {
    const [decisions, replies] = await Promise.all([
      this.gateway.decisions(this.teamId, this.customer),
      this.gateway.outboundMessages(this.teamId, this.customer),
    ]);
    return { decisions, replies };
  }
}

function decisionKey(d: DecisionView): string {
  return [d.at, d.kind, d.action, d.reason, d.messageId ?? ''].join('|');
}
