import path from 'node:path';
import { z } from 'zod';

/** The only reader of process.env. Everything else receives a Config. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis://')
    .optional(),
  QUEUE_PREFIX: z.string().min(1).default('switchboard'),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_API_URL: z.url().default('https://api.twilio.com'),
  OUTBOUND: z.enum(['twilio', 'sandbox']).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/?#]/, 'SMTP_URL must be smtp://host[:port] or smtps://host[:port]')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  SWEEP_AFTER_MS: z.coerce.number().int().min(0).default(30_000),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  DEMO_TEAM: z.enum(['on', 'off']).default('on'),
});

export type Role = 'all' | 'web' | 'worker';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly databaseUrl: string | null;
  readonly databaseSchema: string | null;
  readonly databasePoolMax: number;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly queuePrefix: string;
  readonly adminToken: string | null;
  readonly twilio: { readonly accountSid: string; readonly authToken: string; readonly apiUrl: string } | null;
  /** Token used to verify webhook signatures; in sandbox mode without credentials, a local one. */
  readonly webhookAuthToken: string | null;
  readonly outbound: 'twilio' | 'sandbox';
  readonly smtpUrl: string | null;
  readonly logLevel: string;
  readonly workerConcurrency: number;
  readonly sweepIntervalMs: number;
  readonly sweepAfterMs: number;
  readonly deliveryMaxAttempts: number;
  readonly shutdownTimeoutMs: number;
  readonly demoTeam: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const hasTwilio = Boolean(e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN);
  const outbound = e.OUTBOUND ?? (hasTwilio ? 'twilio' : 'sandbox');
  if (outbound === 'twilio' && !hasTwilio) {
    throw new ConfigError('OUTBOUND=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? null,
    databasePoolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL ?? null,
    queuePrefix: e.QUEUE_PREFIX,
    adminToken: e.ADMIN_TOKEN ?? null,
    twilio: hasTwilio
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID!,
          authToken: e.TWILIO_AUTH_TOKEN!,
          apiUrl: e.TWILIO_API_URL.replace(/\/+$/, ''),
        }
      : null,
    webhookAuthToken: e.TWILIO_AUTH_TOKEN ?? null,
    outbound,
    smtpUrl: e.SMTP_URL ?? null,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    sweepAfterMs: e.SWEEP_AFTER_MS,
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    demoTeam: e.DEMO_TEAM === 'on',
  };
}

// An exported-but-empty variable (`FOO=`) means unset, as in most twelve-factor tools.
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
