import type { Server } from 'node:http';
import { createApp } from './app.js';
import { ensureFirstStart } from './bootstrap/first-start.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type Config, type Role } from './config.js';
import { RequestPressure } from './http/request-pressure.js';
import { createLogger, type Logger } from './logger.js';
import { openRuntime, type Runtime } from './runtime.js';
import { startWorker, type RunningWorker } from './worker.js';

const ROLES: readonly Role[] = ['all', 'web', 'worker'];

/** `node dist/src/main.js [all|web|worker]`: load config → db → queue → app/worker → listen. */
async function main(): Promise<void> {
  const role = (process.argv[2] ?? 'all') as Role;
  if (!ROLES.includes(role)) throw new ConfigError(`unknown role "${role}"; use one of ${ROLES.join(', ')}`);
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const runtime = await openRuntime(config, log);
  const first = await ensureFirstStart(runtime.shared.transact, {
    adminTokenConfigured: Boolean(config.adminToken),
    demoTeam: config.demoTeam && role !== 'worker',
  });

  const requestPressure = role === 'all' ? new RequestPressure() : undefined;
  const worker =
    role === 'web'
      ? null
      : await startWorker({
          queue: runtime.queue,
          shared: runtime.shared,
          log,
          clock: systemClock,
          adapter: runtime.adapter,
          publicUrl: config.publicUrl,
          concurrency: config.workerConcurrency,
          requestPressure,
          deliveryMaxAttempts: config.deliveryMaxAttempts,
          sweepIntervalMs: config.sweepIntervalMs,
          sweepAfterMs: config.sweepAfterMs,
          emailSender: runtime.emailSender,
          webhookPoster: runtime.webhookPoster,
        });
  const server = role === 'worker' ? null : await listen(config, runtime, log, requestPressure);
  log.info(
    {
      role,
      queue: runtime.queue.kind,
      database: config.databaseUrl ? 'postgres' : 'embedded',
      outbound: runtime.adapter.name,
    },
    'switchboard started',
  );
  printBanner(config, role, runtime, first);
  handleShutdown(config, log, runtime, server, worker);
}

function listen(
  config: Config,
  runtime: Runtime,
  log: Logger,
  requestPressure: RequestPressure | undefined,
): Promise<Server> {
  const app = createApp({
    db: runtime.db,
    queue: runtime.queue,
    log,
    clock: systemClock,
    publicUrl: config.publicUrl,
    adminToken: config.adminToken,
    webhookVerifier: runtime.webhookVerifier,
    requestPressure,
    shared: runtime.shared,
  });
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(server)));
    server.keepAliveTimeout = 65_000;
  });
}

function handleShutdown(
  config: Config,
  log: Logger,
  runtime: Runtime,
  server: Server | null,
  worker: RunningWorker | null,
): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    const hardStop = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000);
    hardStop.unref();
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
    }
    await worker?.stop();
    await runtime.close(config.shutdownTimeoutMs);
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

// The banner goes to stdout, not the log: it is for the person who just ran `npm start`.
function printBanner(
  config: Config,
  role: Role,
  runtime: Runtime,
  first: Awaited<ReturnType<typeof ensureFirstStart>>,
): void {
  const lines = [
    '',
    `Switchboard is running (${role}; ${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}; ${runtime.queue.kind === 'bullmq' ? 'Redis queue' : 'in-process queue'}; ${runtime.adapter.name} outbound).`,
  ];
  if (role !== 'worker') {
    lines.push(
      `  API:             ${config.publicUrl}/api`,
      `  Manage panel:    ${config.publicUrl}/manage`,
      `  Twilio webhooks: ${config.publicUrl}/twilio/messages, ${config.publicUrl}/twilio/messages/status`,
      `  Twilio voice:    ${config.publicUrl}/twilio/voice (call status: ${config.publicUrl}/twilio/voice/status)`,
    );
  }
  if (first.newAdminToken) lines.push(`  Admin token (shown once, keep it): ${first.newAdminToken}`);
  else if (!config.adminToken)
    lines.push('  Admin token: printed on the first start; set ADMIN_TOKEN to choose your own.');
  if (first.demoTeam) {
    lines.push(
      `  Demo team ${first.demoTeam.id}, number ${first.demoTeam.number}, manager token: ${first.demoTeam.managerToken}`,
      `  Demo panel sign-in (shown once): ${first.demoTeam.panelEmail} / ${first.demoTeam.panelPassword}`,
    );
  }
  if (!config.webhookAuthToken)
    lines.push(`  Sandbox webhook signing token (no TWILIO_AUTH_TOKEN set): ${runtime.webhookAuthToken}`);
  process.stdout.write(lines.join('\n') + '\n\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`switchboard failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
