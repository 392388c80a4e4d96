import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Tokens, passwords and message bodies are redacted at every level; bodies are
 * logged only as their length.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'switchboard' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-twilio-signature"]',
        'authToken',
        'token',
        'password',
        '*.authToken',
        '*.token',
        '*.password',
        'body',
        '*.body',
      ],
      censor: '[redacted]',
    },
  });
}
