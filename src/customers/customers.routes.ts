import { Router } from 'express';
import { principalOf } from '../auth/request-principal.js';
import { parseInput } from '../http/parse-input.js';
import { mergeView } from './customer-merge.js';
import { customerMergeSchema } from './customer.schema.js';
import type { CustomersService } from './customers.service.js';

export function customersRoutes(customers: CustomersService): Router {
  const router = Router();

  router.post('/teams/:team/customers/merge', async (req, res) => {
    const merge = await customers.merge(principalOf(res), req.params.team, parseInput(customerMergeSchema, req.body));
    res.status(201).json(mergeView(merge));
  });

  router.post('/teams/:team/customers/merges/:id/undo', async (req, res) => {
    res.json(mergeView(await customers.undo(principalOf(res), req.params.team, req.params.id)));
  });

  router.get('/teams/:team/customers/:address', async (req, res) => {
    const c = await customers.show(principalOf(res), req.params.team, req.params.address);
    res.json({
      address: c.address,
      canonical: c.canonical,
      linked: c.linked,
      contact: {
        name: c.contact?.name ?? null,
        email: c.contact?.email ?? null,
        leadStatus: c.contact?.leadStatus ?? null,
        leadSource: c.contact?.leadSource ?? null,
      },
      merges: c.merges.map(mergeView),
    });
  });

  return router;
}
