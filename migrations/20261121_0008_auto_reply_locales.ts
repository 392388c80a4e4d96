import type { Knex } from 'knex';

/**
 * Bodies per locale: a team may word a kind differently in English, Polish and Russian, while
 * enabled/options/repeat window stay one setting per kind (they are about behaviour, not words).
 * A body row needs its kind's row; resetting a kind deletes both.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('auto_reply_bodies', (t) => {
    t.text('team_id').notNullable();
    t.text('kind').notNullable();
    // Checked by the API against the supported locales; no CHECK here so a new language needs no migration.
    t.text('locale').notNullable();
    t.text('body').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'kind', 'locale']);
    t.foreign(['team_id', 'kind']).references(['team_id', 'kind']).inTable('auto_replies').onDelete('CASCADE');
  });
  // A body saved before locales existed was written in the team's language at the time.
  await knex.raw(`
    INSERT INTO auto_reply_bodies (team_id, kind, locale, body)
    SELECT a.team_id, a.kind, CASE WHEN t.locale IN ('en', 'pl', 'ru') THEN t.locale ELSE 'en' END, a.body
    FROM auto_replies a JOIN teams t ON t.id = a.team_id
    WHERE a.body IS NOT NULL`);
  await knex.schema.alterTable('auto_replies', (t) => {
    t.dropColumn('body');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auto_replies', (t) => {
    t.text('body');
  });
  // Only the team's own locale survives going back: the old table had one body per kind.
  await knex.raw(`
    UPDATE auto_replies a SET body = b.body
    FROM auto_reply_bodies b JOIN teams t ON t.id = b.team_id
    WHERE b.team_id = a.team_id AND b.kind = a.kind
      AND b.locale = CASE WHEN t.locale IN ('en', 'pl', 'ru') THEN t.locale ELSE 'en' END`);
  await knex.schema.dropTable('auto_reply_bodies');
}
