import express, { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { BadRequestError } from '../errors.js';
import type { TeamRules } from './rule.js';
import { parseDryRun, parseRules, ruleVocabulary, templatesQuerySchema } from './rule.schema.js';
import { parseInput } from '../http/parse-input.js';
import type { RulesService } from './rules.service.js';

export function rulesRoutes(rules: RulesService): Router {
  const router = Router();

  // The body is the contract's list; the version travels as the ETag, and a save quotes it in If-Match.
  router.get('/teams/:team/rules', async (req, res) => {
    send(res, await rules.get(principalOf(res), req.params.team));
  });

  // A team's whole list, up to 500 rules (MAX_RULES), is larger than the API's common 64 kB body.
  // The recipe templates; ?line1GroupId=&line2GroupId= fills them with the team's support lines.
  router.get('/teams/:team/rules/templates', async (req, res) => {
    const lines = parseInput(templatesQuerySchema, req.query);
    res.json(await rules.templates(principalOf(res), req.params.team, lines));
  });

  // What the panel's editor offers: fields, operators, values and actions, from the schema's own lists.
  router.get('/teams/:team/rules/vocabulary', async (req, res) => {
    await rules.get(principalOf(res), req.params.team); // who may read the list may read its vocabulary
    res.json(ruleVocabulary());
  });

  router.put('/teams/:team/rules', express.json({ limit: '2mb', strict: true }), async (req, res) => {
    const input = parseRules(req.body);
    send(res, await rules.replace(principalOf(res), req.params.team, readVersion(req.get('if-match')), input));
  });

  // What the saved rules, or those in the body, would have done on recent tickets; changes nothing.
  router.post('/teams/:team/rules/dry-run', express.json({ limit: '2mb', strict: true }), async (req, res) => {
    const input = parseDryRun(req.body);
    const results = await rules.dryRun(principalOf(res), req.params.team, input);
    res.json({ results });
  });

  return router;
}

function send(res: import('express').Response, saved: TeamRules): void {
  res.set('ETag', `"${saved.version}"`).json(saved.rules);
}

/** `"3"`, `W/"3"` or `3`; absent: null. */
function readVersion(header: string | undefined): number | null {
  if (header === undefined) return null;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match)
    throw new BadRequestError(
      'If-Match must be the ETag that GET /rules answered with, e.g. "3"',
      'invalid_if_match',
      'If-Match',
    );
  return Number(match[1]);
}
