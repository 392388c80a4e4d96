import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually } from './test-gateway.js';

/** The real gateway as its own process (`src/main.ts` through tsx), in the mode `env` selects. */
export function startGatewayProcess(role: 'all' | 'web' | 'worker', env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
    cwd: path.resolve(import.meta.dirname, '..', '..'),
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function waitReady(base: string): Promise<void> {
  // A cold start compiles the sources (tsx) and migrates a fresh embedded database: slow on a busy machine.
  await eventually(async () => (await fetch(`${base}/ready`).catch(() => null))?.status === 200, 60_000);
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** SIGTERM, and the exit code the process chose (0 when it drained cleanly). */
export function stopGently(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
