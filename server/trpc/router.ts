/** The root router: wires domain routers by name, nothing else. */
import { accessRouter } from '../access/router';
import { activityRouter } from '../activity/router';
import { apiKeysRouter } from '../apiKeys/router';
import { auditRouter } from '../audit/router';
import { auditPushRouter } from '../audit/push/router';
import { accountRouter } from '../auth/account/router';
import { authRouter } from '../auth/router';
import { rolesRouter } from '../roles/router';
import { invitationsRouter } from '../invitations/router';
import { notificationsRouter } from '../notifications/router';
import { membersRouter } from '../members/router';
import { orgsRouter } from '../orgs/router';
import { teamsRouter } from '../teams/router';
import { presenceRouter } from '../presence/router';
import { usageRouter } from '../usage/router';
import { webhooksRouter } from '../webhooks/router';
import { router } from './init';
import { createCallerFactory } from './init';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  orgs: orgsRouter,
  activity: activityRouter,
  roles: rolesRouter,
  access: accessRouter,
  invitations: invitationsRouter,
  members: membersRouter,
  teams: teamsRouter,
  presence: presenceRouter,
  audit: auditRouter,
  auditPush: auditPushRouter,
  notifications: notificationsRouter,
  apiKeys: apiKeysRouter,
  webhooks: webhooksRouter,
  usage: usageRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
