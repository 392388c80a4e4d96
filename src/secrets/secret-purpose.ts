import crypto from 'node:crypto';

/** What a team secret signs: the payment provider's callbacks, or our notification webhooks. */
export type SecretPurpose = 'payment' | 'notification_webhook';

/** How each secret looks and how its rotation reads in the audit log (never the secret itself). */
export const SECRET_PURPOSES: Readonly<
  Record<SecretPurpose, { prefix: string; auditAction: string; auditSubject: string }>
> = {
  payment: { prefix: 'pss_', auditAction: 'payment_secret.rotated', auditSubject: 'payment_secret' },
  notification_webhook: {
    prefix: 'whsec_',
    auditAction: 'notification_secret.rotated',
    auditSubject: 'notification_webhook_secret',
  },
};

/** A new secret: the prefix says what it signs (`whsec_` for webhooks), then 32 random bytes in hex. */
export function generateSecret(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString('hex')}`;
}
