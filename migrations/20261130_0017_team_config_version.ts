import type { Knex } from 'knex';

// A team's configuration (its row, numbers, schedule, replies and their texts) carries a version
// that every change raises, in the same transaction as the change. Each process caches the
// configuration and checks this one number per decision, so a saved change applies to the next
// message in every web and worker process. Triggers, not application code, raise it: no write
// path can forget to (ticket_seq is left out: numbering tickets changes no setting).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE teams ADD COLUMN config_version bigint NOT NULL DEFAULT 1');
  await knex.raw(`
    CREATE FUNCTION sb_team_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'teams' THEN
        NEW.config_version := OLD.config_version + 1;
        RETURN NEW;
      END IF;
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE teams SET config_version = config_version + 1 WHERE id = OLD.team_id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE teams SET config_version = config_version + 1 WHERE id = NEW.team_id;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER teams_config_version BEFORE UPDATE OF name, company_name, timezone, locale, contact_page_url, settings
    ON teams FOR EACH ROW EXECUTE FUNCTION sb_team_config_changed()`);
  for (const table of CONFIG_TABLES) {
    await knex.raw(`CREATE TRIGGER ${table}_config_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION sb_team_config_changed()`);
  }
}

const CONFIG_TABLES = ['team_numbers', 'schedules', 'auto_replies', 'auto_reply_bodies'] as const;

export async function down(knex: Knex): Promise<void> {
  for (const table of CONFIG_TABLES) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_config_version ON ${table}`);
  await knex.raw('DROP TRIGGER IF EXISTS teams_config_version ON teams');
  await knex.raw('DROP FUNCTION IF EXISTS sb_team_config_changed()');
  await knex.raw('ALTER TABLE teams DROP COLUMN config_version');
}
