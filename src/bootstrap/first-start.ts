import crypto from 'node:crypto';
import { generateToken, hashToken } from '../auth/api-token.js';
import type { Transact } from '../db/transactor.js';
import type { SchedulesStore } from '../schedules/schedules.store.js';
import type { SystemSettingsStore } from '../settings/system-settings.store.js';
import type { TeamsStore } from '../teams/teams.store.js';
import type { ApiTokensStore } from '../auth/api-tokens.store.js';
import type { UsersStore } from '../users/users.store.js';
import { defaultSchedule } from '../schedules/schedule.schema.js';
import { DEFAULT_TEAM_SETTINGS } from '../teams/team.js';
import { hashPassword } from '../users/password-hash.js';

/** The stores this module reads and writes. */
export interface FirstStartStores {
  readonly schedules: SchedulesStore;
  readonly settings: SystemSettingsStore;
  readonly teams: TeamsStore;
  readonly tokens: ApiTokensStore;
  readonly users: UsersStore;
}

export const DEMO_NUMBER = '+15005550006';
export const DEMO_MANAGER_EMAIL = 'manager@demo.switchboard.local';
const SANDBOX_WEBHOOK_TOKEN_KEY = 'sandbox_webhook_auth_token';

export interface FirstStartResult {
  /** Set only on the start that created it: it is shown once. */
  readonly newAdminToken: string | null;
  readonly demoTeam: {
    id: string;
    number: string;
    managerToken: string;
    panelEmail: string;
    panelPassword: string;
  } | null;
}

/** Creates what a fresh installation needs: an admin token (unless configured) and a demo team. */
export async function ensureFirstStart(
  transact: Transact<FirstStartStores>,
  opts: { adminTokenConfigured: boolean; demoTeam: boolean },
): Promise<FirstStartResult> {
  return transact(async (s) => {
    let newAdminToken: string | null = null;
    if (!opts.adminTokenConfigured && !(await s.tokens.hasAdminToken())) {
      newAdminToken = generateToken();
      await s.tokens.create({ teamId: null, role: 'admin', tokenHash: hashToken(newAdminToken), label: 'bootstrap' });
    }
    let demoTeam: FirstStartResult['demoTeam'] = null;
    if (opts.demoTeam && (await s.teams.count()) === 0) {
      const id = crypto.randomUUID();
      await s.teams.insert(
        {
          id,
          name: 'Demo Support',
          companyName: 'Switchboard Demo',
          timezone: 'Europe/Warsaw',
          locale: 'en',
          contactPageUrl: null,
          settings: DEFAULT_TEAM_SETTINGS,
        },
        [DEMO_NUMBER],
      );
      await s.schedules.put(id, defaultSchedule('Europe/Warsaw'));
      const managerToken = generateToken();
      await s.tokens.create({ teamId: id, role: 'manager', tokenHash: hashToken(managerToken), label: 'demo manager' });
      // A manager who can sign in to the panel right away; the password is shown once.
      const panelPassword = crypto.randomBytes(9).toString('base64url');
      await s.users.insert({
        id: crypto.randomUUID(),
        teamId: id,
        email: DEMO_MANAGER_EMAIL,
        name: 'Demo Manager',
        role: 'manager',
        passwordHash: await hashPassword(panelPassword),
      });
      demoTeam = { id, number: DEMO_NUMBER, managerToken, panelEmail: DEMO_MANAGER_EMAIL, panelPassword };
    }
    return { newAdminToken, demoTeam };
  });
}

/**
 * Without TWILIO_AUTH_TOKEN there is no Twilio to sign webhooks, yet they must be signed: a local
 * token is kept so tools and tests can sign requests to a sandbox gateway.
 */
export async function sandboxWebhookToken(transact: Transact<FirstStartStores>): Promise<string> {
  return transact(async (s) => {
    const existing = await s.settings.get(SANDBOX_WEBHOOK_TOKEN_KEY);
    if (existing) return existing;
    const token = crypto.randomBytes(16).toString('hex');
    await s.settings.set(SANDBOX_WEBHOOK_TOKEN_KEY, token);
    return token;
  });
}
