import { UnprocessableError } from '../errors.js';
import type { RequestKind } from './customer-request.js';

/** What a request keeps from the variables an agent sent with it. */
export interface RequestDetails {
  readonly amount: string | null;
  readonly currency: string | null;
  readonly subject: string | null;
}

const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const DECIMAL = /^(?:0|[1-9]\d{0,11})(?:\.(\d{1,4}))?$/;

/**
 * Checks the variables a request needs before anything is written: a payment needs `amount`
 * (a positive decimal string like "49.90") and `currency` (an ISO 4217 code like "EUR").
 */
export function requestDetails(kind: RequestKind, variables: Readonly<Record<string, string>>): RequestDetails {
  if (kind === 'approval') return { amount: null, currency: null, subject: variables.approval_subject?.trim() || null };
  if (kind !== 'payment') return { amount: null, currency: null, subject: null };

  const amount = variables.amount?.trim();
  if (!amount)
    throw new UnprocessableError(
      'a payment request needs variables.amount, a decimal string like "49.90"',
      'missing_amount',
      'variables.amount',
    );
  const decimal = DECIMAL.exec(amount);
  if (!decimal)
    throw new UnprocessableError(
      `variables.amount "${amount}" is not a decimal amount like "49.90"`,
      'invalid_amount',
      'variables.amount',
    );
  if (Number(amount) <= 0)
    throw new UnprocessableError('variables.amount must be more than 0', 'invalid_amount', 'variables.amount');

  const currency = variables.currency?.trim();
  if (!currency)
    throw new UnprocessableError(
      'a payment request needs variables.currency, an ISO 4217 code like "EUR"',
      'missing_currency',
      'variables.currency',
    );
  if (!CURRENCIES.has(currency)) {
    throw new UnprocessableError(
      `variables.currency "${currency}" is not an ISO 4217 currency code like "EUR" (upper case)`,
      'invalid_currency',
      'variables.currency',
    );
  }
  const minorUnits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  if ((decimal[1]?.length ?? 0) > minorUnits) {
    throw new UnprocessableError(
      `${currency} amounts have at most ${minorUnits} decimal places; "${amount}" has more`,
      'invalid_amount',
      'variables.amount',
    );
  }
  return { amount, currency, subject: null };
}
