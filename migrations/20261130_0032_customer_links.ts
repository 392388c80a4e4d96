import type { Knex } from 'knex';

// One customer across channels (src/customers):
// - customer_merges: each merge of two customers (by a manager, or automatic when two contacts
//   share an email), what it moved (links and tickets), and its undoing;
// - customer_links: an address that belongs to another customer, named by its canonical address
//   (the customer's tickets carry the canonical address); a canonical address has no row.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE customer_merges (
    id text PRIMARY KEY,
    team_id text NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    from_address text NOT NULL,
    into_address text NOT NULL,
    source text NOT NULL,
    actor text NOT NULL,
    moved jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    undone_at timestamptz,
    undone_by text
  )`);
  await knex.raw('CREATE INDEX customer_merges_team_idx ON customer_merges (team_id, created_at)');
  await knex.raw(`CREATE TABLE customer_links (
    team_id text NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    address text NOT NULL,
    canonical text NOT NULL,
    source text NOT NULL,
    merge_id text NOT NULL REFERENCES customer_merges(id),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (team_id, address)
  )`);
  await knex.raw('CREATE INDEX customer_links_canonical_idx ON customer_links (team_id, canonical)');
  await knex.raw('CREATE INDEX contacts_email_idx ON contacts (team_id, lower(email)) WHERE email IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS contacts_email_idx');
  await knex.raw('DROP TABLE customer_links');
  await knex.raw('DROP TABLE customer_merges');
}
