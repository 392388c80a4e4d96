import type { InboundMessage, OptOutKeyword } from '../../channels/contract.js';
import type { AnswerPlan, RequestKind, RequestStatus, RequestAnswer } from '../requests/customer-request.js';
import { interpretReply } from './interpret-reply.js';

/**
 * How the message would settle a pending request of each kind: yes/no answers an approval or
 * "is it resolved?", a 1–5 a rating request, media an ask_media. Null when it answers nothing,
 * so most messages cost no query.
 */
export function answerPlan(message: InboundMessage, keyword: OptOutKeyword | null, now: Date): AnswerPlan | null {
  if (keyword !== null) return null; // STOP/START/HELP were handled as keywords: never an answer
  const at = now.toISOString();
  const text = message.button?.text || message.body;
  const plan: Partial<Record<RequestKind, { status: RequestStatus; answer: RequestAnswer }>> = {};
  if (message.media.length > 0) {
    plan.media = { status: 'answered', answer: { value: 'received', text: message.body, at, media: message.media } };
  }
  const meaning = interpretReply(message);
  if (meaning?.type === 'yes_no') {
    const answer = { value: meaning.value, text, at };
    plan.approval = { status: meaning.value === 'yes' ? 'approved' : 'declined', answer };
    plan.resolution = { status: 'answered', answer };
  } else if (meaning?.type === 'rating') {
    plan.rating = { status: 'answered', answer: { value: meaning.value, text, at } };
  }
  return Object.keys(plan).length > 0 ? plan : null;
}
