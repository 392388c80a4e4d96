import express, { type Express } from 'express';
import type { WebhookVerifier } from '../channels/contract.js';
import { AuditService } from './audit/audit.service.js';
import { auditRoutes } from './audit/audit.routes.js';
import { authenticate } from './sessions/auth.middleware.js';
import { AutoRepliesService } from './auto-replies/auto-replies.service.js';
import { autoRepliesRoutes } from './auto-replies/auto-replies.routes.js';
import { DecisionsService } from './auto-replies/decisions.service.js';
import { decisionsRoutes } from './auto-replies/decisions.routes.js';
import { FaqService } from './faq/faq.service.js';
import { faqRoutes } from './faq/faq.routes.js';
import { GroupsService } from './groups/groups.service.js';
import { groupsRoutes } from './groups/groups.routes.js';
import { CustomersService } from './customers/customers.service.js';
import { customersRoutes } from './customers/customers.routes.js';
import { TasksService } from './callbacks/tasks.service.js';
import { tasksRoutes } from './callbacks/tasks.routes.js';
import { RulesService } from './rules/rules.service.js';
import { rulesRoutes } from './rules/rules.routes.js';
import { ChatService } from './webchat/chat.service.js';
import { chatRoutes } from './webchat/chat.routes.js';
import { AfterHoursFlowService } from './after-hours/after-hours-flow.service.js';
import { afterHoursFlowRoutes } from './after-hours/after-hours-flow.routes.js';
import type { Clock } from './clock.js';
import type { Db } from './db/connect.js';
import { pingDb } from './db/connect.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.routes.js';
import type { RequestPressure } from './http/request-pressure.js';
import type { Logger } from './logger.js';
import { panelRoutes } from './manage/panel.routes.js';
import { signInRoutes } from './manage/sign-in.routes.js';
import { MessagesService } from './agent-messages/messages.service.js';
import { messagesRoutes } from './agent-messages/messages.routes.js';
import { TicketRepliesService } from './agent-messages/ticket-replies.service.js';
import { ticketRepliesRoutes } from './agent-messages/ticket-replies.routes.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { notificationsRoutes } from './notifications/notifications.routes.js';
import { WebhooksService } from './outgoing-webhooks/webhooks.service.js';
import { webhooksRoutes } from './outgoing-webhooks/webhooks.routes.js';
import { CustomerRequestsService } from './requests/customer-requests.service.js';
import { customerRequestsRoutes } from './requests/customer-requests.routes.js';
import { PaymentCallbackService } from './requests/payment-callback.service.js';
import { paymentCallbackRoutes } from './requests/payment-callback.routes.js';
import { TeamSecretService } from './secrets/team-secret.service.js';
import type { JobQueue } from './queue/job-queue.js';
import { SchedulesService } from './schedules/schedules.service.js';
import { schedulesRoutes } from './schedules/schedules.routes.js';
import { meRoutes } from './sessions/me.routes.js';
import { SessionsService } from './sessions/sessions.service.js';
import type { SharedServices } from './shared-services.js';
import { TeamsService } from './teams/teams.service.js';
import { teamsRoutes } from './teams/teams.routes.js';
import { UsersService } from './users/users.service.js';
import { usersRoutes } from './users/users.routes.js';
import { WebhookIntakeService } from './webhooks/webhook-intake.service.js';
import { twilioWebhookRoutes } from './webhooks/twilio-webhooks.routes.js';
import { twilioVoiceRoutes, twimlRenderer } from './webhooks/twilio-voice.routes.js';
import { CallStepsService } from './voice/call-steps.service.js';
import { TicketsService } from './tickets/tickets.service.js';
import { ticketsRoutes } from './tickets/tickets.routes.js';
import { callsRoutes } from './voice/calls.routes.js';
import { CallsService } from './voice/calls.service.js';
import { AcknowledgementsService } from './urgent-paging/acknowledgements.service.js';
import { ackLinkRoutes, urgentPagingRoutes } from './urgent-paging/urgent-paging.routes.js';

export interface AppDeps {
  readonly db: Db;
  readonly queue: JobQueue;
  readonly log: Logger;
  readonly clock: Clock;
  readonly publicUrl: string;
  readonly adminToken: string | null;
  readonly webhookVerifier: WebhookVerifier;
  /** Stores, team settings and the outbound dispatcher, shared with a worker in this process. */
  readonly shared: SharedServices;
  /** Counts requests in flight, for a worker sharing this process. */
  readonly requestPressure?: RequestPressure;
}

/** The HTTP application: no listen, no globals. */
export function createApp(deps: AppDeps): Express {
  const { transact, stores, teamConfigs, dispatcher } = deps.shared;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('etag', false); // webhooks and API answers are never cached; no hash per response
  if (deps.requestPressure) app.use(deps.requestPressure.middleware);

  app.use(
    healthRoutes([
      { name: 'database', check: () => pingDb(deps.db) },
      { name: 'queue', check: () => deps.queue.ping() },
    ]),
  );
  const intake = new WebhookIntakeService(stores, deps.queue, deps.log);
  // The web chat answers browsers on other sites: before the API's own handling of origins.
  app.use(
    chatRoutes(new ChatService(transact, stores, teamConfigs, intake, deps.shared.chatHub, deps.clock), deps.log),
  );
  app.use(twilioWebhookRoutes({ publicUrl: deps.publicUrl, verifier: deps.webhookVerifier, intake, log: deps.log }));
  app.use(
    twilioVoiceRoutes({
      publicUrl: deps.publicUrl,
      verifier: deps.webhookVerifier,
      intake,
      log: deps.log,
      steps: new CallStepsService(transact, teamConfigs, deps.clock, deps.log, twimlRenderer(deps.publicUrl)),
    }),
  );

  app.use(paymentCallbackRoutes(new PaymentCallbackService(transact, deps.clock))); // signed by the payment provider, not a bearer token
  // An urgent page's acknowledge link: its unguessable token is the credential, no sign-in.
  const acknowledgements = new AcknowledgementsService(transact, dispatcher, deps.clock);
  app.use(ackLinkRoutes(acknowledgements));

  // Panel sign-in and sign-out; panel pages use requireSession(sessions) from sessions/session.middleware.ts.
  const sessions = new SessionsService(transact, deps.clock);
  app.use(signInRoutes({ sessions, publicUrl: deps.publicUrl }));
  app.use(panelRoutes({ sessions }));

  const api = express.Router();
  // Who is asking comes first: an unauthenticated client learns nothing from body errors.
  api.use(authenticate(stores.tokens, deps.adminToken, sessions));
  // Before the common body limit: 500 rules are a larger body than any other setting.
  api.use(rulesRoutes(new RulesService(transact, deps.clock)));
  api.use(afterHoursFlowRoutes(new AfterHoursFlowService(transact, deps.clock)));
  api.use(express.json({ limit: '64kb', strict: true }));
  api.use(teamsRoutes(new TeamsService(transact)));
  api.use(schedulesRoutes(new SchedulesService(transact)));
  api.use(autoRepliesRoutes(new AutoRepliesService(transact)));
  api.use(decisionsRoutes(new DecisionsService(transact)));
  api.use(messagesRoutes(new MessagesService(transact, dispatcher, deps.clock)));
  const secrets = new TeamSecretService(transact, deps.clock);
  api.use(customerRequestsRoutes(new CustomerRequestsService(transact, deps.clock), secrets));
  api.use(usersRoutes(new UsersService(transact)));
  api.use(groupsRoutes(new GroupsService(transact, deps.clock)));
  api.use(customersRoutes(new CustomersService(transact, deps.clock)));
  api.use(faqRoutes(new FaqService(transact, deps.clock)));
  api.use(auditRoutes(new AuditService(transact)));
  api.use(ticketsRoutes(new TicketsService(transact, deps.clock, dispatcher)));
  api.use(urgentPagingRoutes(acknowledgements));
  api.use(ticketRepliesRoutes(new TicketRepliesService(transact, dispatcher, deps.clock)));
  api.use(callsRoutes(new CallsService(transact)));
  api.use(tasksRoutes(new TasksService(transact, deps.clock)));
  api.use(notificationsRoutes(new NotificationsService(transact), secrets));
  api.use(webhooksRoutes(new WebhooksService(transact, deps.clock)));
  api.use(meRoutes());
  app.use('/api', api);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.log));
  return app;
}
