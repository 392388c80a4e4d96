import type { Knex } from 'knex';

// A team's FAQ, answered by the after-hours conversation and searched with PostgreSQL full-text
// search in each entry's own language. `search_config` is the text search configuration the entry
// was indexed with (english, russian or simple: PostgreSQL ships no Polish dictionary), chosen by
// the store at each write among those the server has (`pg_ts_config`), so an entry is always
// queried with the configuration its vector was built with. It is text, not regconfig: a reg*
// column would stop pg_upgrade.
//
// The vector is maintained by a trigger, not a generated column: a generated column must be
// immutable, and the text → regconfig cast it would need is only stable. The trigger keeps the
// vector right for any write: question and keywords weigh A, the answer B.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('faq_entries', (t) => {
    t.text('id').primary();
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('question').notNullable();
    t.text('answer').notNullable();
    t.jsonb('keywords').notNullable().defaultTo('[]');
    t.text('locale').notNullable();
    t.text('search_config').notNullable();
    t.specificType('search_vector', 'tsvector').notNullable().defaultTo(knex.raw("''::tsvector"));
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['team_id', 'created_at', 'id'], 'faq_entries_team_idx');
  });
  await knex.raw(`
    CREATE FUNCTION sb_faq_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector(NEW.search_config::regconfig, NEW.question), 'A') ||
        setweight(jsonb_to_tsvector(NEW.search_config::regconfig, NEW.keywords, '["string"]'), 'A') ||
        setweight(to_tsvector(NEW.search_config::regconfig, NEW.answer), 'B');
      RETURN NEW;
    END $$`);
  await knex.raw(`CREATE TRIGGER faq_entries_search_vector BEFORE INSERT OR UPDATE ON faq_entries
    FOR EACH ROW EXECUTE FUNCTION sb_faq_search_vector()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS faq_entries_search_vector ON faq_entries');
  await knex.raw('DROP FUNCTION IF EXISTS sb_faq_search_vector()');
  await knex.schema.dropTable('faq_entries');
}
