import { assertTeamAccess, type Principal } from '../auth/principal.js';
import type { Transact } from '../db/stores.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import type { AutoReplyEntry, AutoReplyOptions } from './auto-reply.js';
import { allowedPlaceholders, catalogueKinds, kindDefinition, type KindDefinition } from './catalogue.js';
import { checkTemplate } from './reply-template.js';
import { resolveEntry } from './resolve-entry.js';

export interface AutoReplyUpdate {
  readonly enabled?: boolean;
  readonly body?: string | null;
  readonly options?: Partial<AutoReplyOptions>;
  readonly repeatWindowHours?: number | null;
}

/** The team's catalogue: every kind, always, with the team's changes over the defaults. */
export class AutoRepliesService {
  constructor(private readonly transact: Transact) {}

  async list(principal: Principal, teamId: string): Promise<AutoReplyEntry[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      const saved = new Map((await s.autoReplies.listSaved(teamId)).map((e) => [e.kind, e]));
      return catalogueKinds().map((d) => resolveEntry(d, saved.get(d.kind) ?? null, team.locale));
    });
  }

  async update(principal: Principal, teamId: string, kind: string, update: AutoReplyUpdate): Promise<AutoReplyEntry> {
    assertTeamAccess(principal, teamId, 'agent');
    const definition = kindDefinition(kind);
    if (!definition) throw new NotFoundError(`auto-reply kind "${kind}"`, 'unknown_kind');
    assertTeamAccess(principal, teamId, 'manager');
    checkTexts(definition, update);
    return this.transact(async (s) => {
      const team = await s.teams.get(teamId);
      if (!team) throw new NotFoundError('team');
      const current = resolveEntry(definition, await s.autoReplies.getSaved(teamId, kind), team.locale);
      const saved = await s.autoReplies.getSaved(teamId, kind);
      await s.autoReplies.save(teamId, {
        kind,
        enabled: update.enabled ?? current.enabled,
        body: update.body === undefined ? (saved?.body ?? null) : update.body,
        options: { ...saved?.options, ...update.options },
        repeatWindowHours: update.repeatWindowHours === undefined ? (saved?.repeatWindowHours ?? null) : update.repeatWindowHours,
      });
      return resolveEntry(definition, await s.autoReplies.getSaved(teamId, kind), team.locale);
    });
  }
}

function checkTexts(definition: KindDefinition, update: AutoReplyUpdate): void {
  const allowed = allowedPlaceholders(definition).map((p) => p.name);
  const texts: Array<[string, string | null | undefined]> = [
    ['body', update.body],
    ['options.extraMessage', update.options?.extraMessage],
  ];
  for (const [field, text] of texts) {
    if (!text) continue;
    const problem = checkTemplate(text, allowed);
    if (!problem) continue;
    const position = problem.code === 'template_syntax' && problem.position !== null ? ` (at character ${problem.position})` : '';
    throw new UnprocessableError(problem.message + position, problem.code, field);
  }
}
