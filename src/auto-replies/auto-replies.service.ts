import type { MessageChannel } from '../../channels/contract.js';
import { assertTeamAccess, principalLabel, type Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { Transact } from '../db/transactor.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { AutoRepliesStore } from './auto-replies.store.js';
import type { TeamConfigStores } from './team-config.js';
import { NotFoundError, UnprocessableError } from '../errors.js';
import { loadTeamConfig, type TeamConfig } from './team-config.js';
import {
  replyLocale,
  type AutoReplyEntry,
  type AutoReplyOptions,
  type LocaleTemplates,
  type ReplyLocale,
  type SavedAutoReply,
  type WhatsappTemplate,
} from './auto-reply.js';
import { allowedPlaceholders, catalogueKinds, kindDefinition, type KindDefinition } from './catalogue.js';
import { previewWarnings, type PreviewWarning } from './preview-warnings.js';
import { checkTemplate, MAX_BODY_CHARACTERS } from '../reply-templates/reply-template.js';
import { resolveEntry } from './resolve-entry.js';
import { sampleReply } from './sample-reply.js';
import { measureSms, type SmsEncoding } from './sms-segments.js';

/** The stores this module reads and writes. */
export interface AutoRepliesServiceStores extends TeamConfigStores {
  readonly audit: AuditStore;
  readonly autoReplies: AutoRepliesStore;
}

export interface AutoReplyUpdate {
  readonly enabled?: boolean;
  /** null: back to the default text of `locale`. */
  readonly body?: string | null;
  /** Which language `body` is for; the team's locale when left out. */
  readonly locale?: ReplyLocale;
  readonly options?: Partial<AutoReplyOptions>;
  readonly repeatWindowHours?: number | null;
  /** WhatsApp templates by locale, merged over the saved ones: a locale set to null is removed; null removes all. */
  readonly whatsappTemplate?: Readonly<Partial<Record<ReplyLocale, WhatsappTemplate | null>>> | null;
}

export interface PreviewRequest {
  readonly body?: string;
  readonly options?: Partial<AutoReplyOptions>;
  readonly sample?: Readonly<Record<string, string>>;
  readonly locale?: ReplyLocale;
  readonly channel?: MessageChannel;
}

export interface Preview {
  readonly kind: string;
  readonly locale: ReplyLocale;
  readonly channel: MessageChannel;
  readonly text: string;
  readonly encoding: SmsEncoding;
  readonly segments: number;
  readonly characters: number;
  readonly units: number;
  readonly unitsPerSegment: number;
  readonly warnings: readonly PreviewWarning[];
}

/** The team's catalogue: every kind, always, with the team's changes over the defaults. */
export class AutoRepliesService {
  constructor(
    private readonly transact: Transact<AutoRepliesServiceStores>,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async list(principal: Principal, teamId: string): Promise<AutoReplyEntry[]> {
    assertTeamAccess(principal, teamId, 'agent');
    return this.transact(async (s) => {
      const config = await teamConfig(s, teamId);
      return catalogueKinds().map((d) =>
        resolveEntry(d, config.savedAutoReplies.get(d.kind) ?? null, config.team.locale),
      );
    });
  }

  async get(principal: Principal, teamId: string, kind: string): Promise<AutoReplyEntry> {
    assertTeamAccess(principal, teamId, 'agent');
    const definition = knownKind(kind);
    return this.transact(async (s) => {
      const config = await teamConfig(s, teamId);
      return resolveEntry(definition, config.savedAutoReplies.get(kind) ?? null, config.team.locale);
    });
  }

  /** Saves enabled/options/repeat window for the kind and the body for one locale; returns that locale's entry. */
  async update(principal: Principal, teamId: string, kind: string, update: AutoReplyUpdate): Promise<AutoReplyEntry> {
    assertTeamAccess(principal, teamId, 'agent');
    const definition = knownKind(kind);
    assertTeamAccess(principal, teamId, 'manager');
    checkTexts(definition, { body: update.body, extraMessage: update.options?.extraMessage });
    checkTemplateVariables(definition, update.whatsappTemplate ?? {});
    return this.transact(async (s) => {
      const config = await teamConfig(s, teamId);
      const locale = update.locale ?? replyLocale(config.team.locale);
      const saved = config.savedAutoReplies.get(kind) ?? null;
      const current = resolveEntry(definition, saved, locale);
      const bodies = { ...saved?.bodies };
      if (update.body === null) delete bodies[locale];
      else if (update.body !== undefined) bodies[locale] = update.body;
      const next: SavedAutoReply = {
        kind,
        enabled: update.enabled ?? current.enabled,
        bodies,
        options: { ...saved?.options, ...update.options },
        repeatWindowHours:
          update.repeatWindowHours === undefined ? (saved?.repeatWindowHours ?? null) : update.repeatWindowHours,
        whatsappTemplates: mergeTemplates(saved?.whatsappTemplates ?? {}, update.whatsappTemplate),
      };
      const entry = resolveEntry(definition, next, locale);
      checkComposedLength(sampleReply({ config, definition, entry, locale, now: this.clock() }));
      await s.autoReplies.saveSettings(teamId, next);
      if (update.body !== undefined) await s.autoReplies.saveBody(teamId, kind, locale, update.body);
      const [before, after] = [auditSnapshot(current), auditSnapshot(entry)];
      // A PUT that changes nothing leaves no entry, like a team PATCH that changes nothing.
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        await s.audit.record({
          teamId,
          actor: principalLabel(principal),
          action: 'auto_reply.updated',
          subject: kind,
          before,
          after,
        });
      }
      return entry;
    });
  }

  /** Back to the catalogue: enabled, options, repeat window and the bodies of every locale. */
  async reset(principal: Principal, teamId: string, kind: string): Promise<AutoReplyEntry> {
    assertTeamAccess(principal, teamId, 'agent');
    const definition = knownKind(kind);
    assertTeamAccess(principal, teamId, 'manager');
    return this.transact(async (s) => {
      const config = await teamConfig(s, teamId);
      const before = resolveEntry(definition, config.savedAutoReplies.get(kind) ?? null, config.team.locale);
      await s.autoReplies.reset(teamId, kind);
      const after = resolveEntry(definition, null, config.team.locale);
      await s.audit.record({
        teamId,
        actor: principalLabel(principal),
        action: 'auto_reply.reset',
        subject: kind,
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
      return after;
    });
  }

  /** Renders a text without saving it; agents may look too (it changes nothing). */
  async preview(principal: Principal, teamId: string, kind: string, req: PreviewRequest): Promise<Preview> {
    assertTeamAccess(principal, teamId, 'agent');
    const definition = knownKind(kind);
    checkTexts(definition, { body: req.body, extraMessage: req.options?.extraMessage });
    checkSample(definition, req.sample ?? {});
    const config = await this.transact((s) => teamConfig(s, teamId));
    const locale = req.locale ?? replyLocale(config.team.locale);
    const saved = resolveEntry(definition, config.savedAutoReplies.get(kind) ?? null, locale);
    const entry = { body: req.body ?? saved.body, options: { ...saved.options, ...req.options } };
    const text = sampleReply({ config, definition, entry, locale, now: this.clock(), sample: req.sample ?? {} });
    const measure = checkComposedLength(text);
    const channel = req.channel ?? definition.channels[0] ?? 'sms';
    return { kind, locale, channel, text, ...measure, warnings: previewWarnings(definition, channel, measure) };
  }
}

/** What the audit log keeps of an entry: the settings a manager changes (bodies: the team's overrides by locale). */
function auditSnapshot(entry: AutoReplyEntry) {
  // Bodies sorted by locale, so equal settings compare (and read) the same.
  const bodies = Object.fromEntries(Object.entries(entry.bodies).sort(([a], [b]) => a.localeCompare(b)));
  const whatsappTemplates = Object.fromEntries(
    Object.entries(entry.whatsappTemplates).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    enabled: entry.enabled,
    bodies,
    options: entry.options,
    repeatWindowHours: entry.repeatWindowHours,
    whatsappTemplates,
  };
}

function mergeTemplates(saved: LocaleTemplates, update: AutoReplyUpdate['whatsappTemplate']): LocaleTemplates {
  if (update === undefined) return saved;
  if (update === null) return {};
  const merged: Partial<Record<ReplyLocale, WhatsappTemplate>> = { ...saved };
  for (const [locale, template] of Object.entries(update) as Array<[ReplyLocale, WhatsappTemplate | null]>) {
    if (template === null) delete merged[locale];
    else merged[locale] = template;
  }
  return merged;
}

/** A template's variables are texts like a body: the kind's placeholders only. */
function checkTemplateVariables(
  definition: KindDefinition,
  templates: NonNullable<AutoReplyUpdate['whatsappTemplate']>,
): void {
  const allowed = allowedPlaceholders(definition).map((p) => p.name);
  for (const [locale, template] of Object.entries(templates)) {
    for (const [name, text] of Object.entries(template?.contentVariables ?? {})) {
      const problem = checkTemplate(text, allowed);
      if (problem)
        throw new UnprocessableError(
          problem.message,
          problem.code,
          `whatsappTemplate.${locale}.contentVariables.${name}`,
        );
    }
  }
}

async function teamConfig(s: AutoRepliesServiceStores, teamId: string): Promise<TeamConfig> {
  const config = await loadTeamConfig(s, teamId);
  if (!config) throw new NotFoundError('team');
  return config;
}

function knownKind(kind: string): KindDefinition {
  const definition = kindDefinition(kind);
  if (!definition) throw new NotFoundError(`auto-reply kind "${kind}"`, 'unknown_kind');
  return definition;
}

function checkTexts(
  definition: KindDefinition,
  texts: { body: string | null | undefined; extraMessage: string | null | undefined },
): void {
  const allowed = allowedPlaceholders(definition).map((p) => p.name);
  const fields: Array<[string, string | null | undefined]> = [
    ['body', texts.body],
    ['options.extraMessage', texts.extraMessage],
  ];
  for (const [field, text] of fields) {
    if (!text) continue;
    const problem = checkTemplate(text, allowed);
    if (!problem) continue;
    const position =
      problem.code === 'template_syntax' && problem.position !== null ? ` (at character ${problem.position})` : '';
    throw new UnprocessableError(problem.message + position, problem.code, field);
  }
}

function checkSample(definition: KindDefinition, sample: Readonly<Record<string, string>>): void {
  const allowed = allowedPlaceholders(definition).map((p) => p.name);
  for (const name of Object.keys(sample)) {
    if (!allowed.includes(name)) {
      throw new UnprocessableError(
        `unknown placeholder {{${name}}}; use one of: ${allowed.join(', ')}`,
        'unknown_placeholder',
        `sample.${name}`,
      );
    }
  }
}

/** The whole message (prefix, body, signature, extra) must fit Twilio's 1600-character limit. */
function checkComposedLength(text: string): ReturnType<typeof measureSms> {
  const measure = measureSms(text);
  if (measure.characters > MAX_BODY_CHARACTERS) {
    throw new UnprocessableError(
      `the message is ${measure.characters} characters once composed (company name, text, signature, extra message); keep it to ${MAX_BODY_CHARACTERS}`,
      'body_too_long',
      'body',
    );
  }
  return measure;
}
