import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Per team and number: who said STOP (until START), and the name WhatsApp gave us.
  await knex.schema.createTable('contacts', (t) => {
    t.text('team_id').notNullable().references('teams.id').onDelete('CASCADE');
    t.text('number').notNullable();
    t.text('profile_name');
    t.timestamp('opted_out_at', { useTz: true });
    t.timestamp('last_inbound_at', { useTz: true });
    t.timestamp('last_whatsapp_inbound_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['team_id', 'number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('contacts');
}
