import crypto from 'node:crypto';
import type { MessageChannel } from '../../channels/contract.js';
import { expiresAtFor, type CustomerRequest, type RequestKind } from './customer-request.js';
import type { CustomerRequestsStore } from './customer-requests.store.js';
import type { RequestDetails } from './request-details.js';

export interface OpenRequest {
  readonly teamId: string;
  readonly kind: RequestKind;
  readonly customer: string;
  readonly channel: MessageChannel;
  /** The outbound message that asks, written in the same transaction. */
  readonly messageId: string;
  readonly details: RequestDetails;
  readonly now: Date;
}

/** Opens the request an agent's message asks, in the caller's transaction. */
export function openRequest(
  stores: { readonly requests: CustomerRequestsStore },
  r: OpenRequest,
): Promise<CustomerRequest> {
  return stores.requests.insert({
    id: crypto.randomUUID(),
    teamId: r.teamId,
    kind: r.kind,
    customer: r.customer,
    channel: r.channel,
    messageId: r.messageId,
    ...r.details,
    expiresAt: expiresAtFor(r.kind, r.now),
    createdAt: r.now,
  });
}
