import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { faqEntryView, faqMatchView } from './faq-entry.js';
import { faqSearchQuerySchema, parseFaqEntry } from './faq.schema.js';
import type { FaqService } from './faq.service.js';

export function faqRoutes(faq: FaqService): Router {
  const router = Router();

  router.get('/teams/:team/faq', async (req, res) => {
    res.json((await faq.list(principalOf(res), req.params.team)).map(faqEntryView));
  });

  // The best three entries for what a customer might write: the panel's try-it box.
  router.get('/teams/:team/faq/search', async (req, res) => {
    const { q } = parseInput(faqSearchQuerySchema, req.query);
    res.json((await faq.searchAs(principalOf(res), req.params.team, q)).map(faqMatchView));
  });

  router.post('/teams/:team/faq', async (req, res) => {
    const entry = await faq.create(principalOf(res), req.params.team, parseFaqEntry(req.body));
    res.status(201).json(faqEntryView(entry));
  });

  router.put('/teams/:team/faq/:id', async (req, res) => {
    const input = parseFaqEntry(req.body);
    res.json(faqEntryView(await faq.replace(principalOf(res), req.params.team, req.params.id, input)));
  });

  router.delete('/teams/:team/faq/:id', async (req, res) => {
    await faq.delete(principalOf(res), req.params.team, req.params.id);
    res.status(204).end();
  });

  return router;
}
