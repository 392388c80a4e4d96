import type { Knex } from 'knex';

// A signed webhook is stored whatever its bytes: jsonb holds neither U+0000 nor a lone surrogate,
// so `params` gets storable values and the request itself is kept here, byte for byte, with the
// list of fields that were changed (or read leniently) and why. Null for rows stored before.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.binary('raw_body');
    t.jsonb('anomalies');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.dropColumn('anomalies');
    t.dropColumn('raw_body');
  });
}
