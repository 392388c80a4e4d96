import type { Knex } from 'knex';
import * as teams from './20261121_0001_teams.js';
import * as apiTokens from './20261121_0002_api_tokens.js';
import * as schedules from './20261121_0003_schedules.js';
import * as autoReplies from './20261121_0004_auto_replies.js';
import * as contacts from './20261121_0005_contacts.js';
import * as webhookEvents from './20261121_0006_webhook_events.js';
import * as messages from './20261121_0007_messages.js';
import * as autoReplyLocales from './20261121_0008_auto_reply_locales.js';
import * as usersSessions from './20261121_0009_users_sessions.js';
import * as auditLog from './20261121_0010_audit_log.js';
import * as customerRequests from './20261121_0011_customer_requests.js';
import * as dropUnusedEventIndex from './20261121_0012_drop_unused_event_index.js';
import * as callsTickets from './20261121_0013_calls_tickets.js';
import * as notifications from './20261121_0014_notifications.js';
import * as teamSecrets from './20261121_0015_team_secrets.js';
import * as webhookEventsRawBody from './20261121_0016_webhook_events_raw_body.js';
import * as teamConfigVersion from './20261130_0017_team_config_version.js';
import * as messageThreads from './20261130_0018_message_threads.js';
import * as replyDecisions from './20261130_0019_reply_decisions.js';
import * as groups from './20261130_0020_groups.js';
import * as agentReplies from './20261130_0021_agent_replies.js';
import * as inboxViews from './20261130_0022_inbox_views.js';
import * as teamEventsWebhooks from './20261130_0023_team_events_webhooks.js';
import * as rules from './20261130_0024_rules.js';
import * as replyLedger from './20261130_0025_reply_ledger.js';
import * as afterHoursFlow from './20261130_0026_after_hours_flow.js';
import * as faqEntries from './20261130_0027_faq_entries.js';
import * as urgentPages from './20261130_0028_urgent_pages.js';
import * as ticketTasks from './20261130_0029_ticket_tasks.js';
import * as webChat from './20261130_0030_web_chat.js';
import * as unreadFallback from './20261130_0031_unread_fallback.js';
import * as customerLinks from './20261130_0032_customer_links.js';

type Migration = Knex.Migration;

// Listed explicitly so the same list runs from TypeScript (tests), compiled JS and the knex CLI.
const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['20261121_0001_teams', teams],
  ['20261121_0002_api_tokens', apiTokens],
  ['20261121_0003_schedules', schedules],
  ['20261121_0004_auto_replies', autoReplies],
  ['20261121_0005_contacts', contacts],
  ['20261121_0006_webhook_events', webhookEvents],
  ['20261121_0007_messages', messages],
  ['20261121_0008_auto_reply_locales', autoReplyLocales],
  ['20261121_0009_users_sessions', usersSessions],
  ['20261121_0010_audit_log', auditLog],
  ['20261121_0011_customer_requests', customerRequests],
  ['20261121_0012_drop_unused_event_index', dropUnusedEventIndex],
  ['20261121_0013_calls_tickets', callsTickets],
  ['20261121_0014_notifications', notifications],
  ['20261121_0015_team_secrets', teamSecrets],
  ['20261121_0016_webhook_events_raw_body', webhookEventsRawBody],
  ['20261130_0017_team_config_version', teamConfigVersion],
  ['20261130_0018_message_threads', messageThreads],
  ['20261130_0019_reply_decisions', replyDecisions],
  ['20261130_0020_groups', groups],
  ['20261130_0021_agent_replies', agentReplies],
  ['20261130_0022_inbox_views', inboxViews],
  ['20261130_0023_team_events_webhooks', teamEventsWebhooks],
  ['20261130_0024_rules', rules],
  ['20261130_0025_reply_ledger', replyLedger],
  ['20261130_0026_after_hours_flow', afterHoursFlow],
  ['20261130_0027_faq_entries', faqEntries],
  ['20261130_0028_urgent_pages', urgentPages],
  ['20261130_0029_ticket_tasks', ticketTasks],
  ['20261130_0030_web_chat', webChat],
  ['20261130_0031_unread_fallback', unreadFallback],
  ['20261130_0032_customer_links', customerLinks],
];

export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
