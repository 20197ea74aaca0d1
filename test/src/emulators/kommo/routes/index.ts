import { accountRoutes } from './account-routes';
import { contactRoutes } from './contact-routes';
import { leadRoutes } from './lead-routes';
import { noteRoutes } from './note-routes';
import { Route } from './route';
import { structureRoutes } from './structure-routes';
import { taskRoutes } from './task-routes';
import { userRoutes } from './user-routes';
import { webhookRoutes } from './webhook-routes';

export const apiRoutes: Route[] = [
  ...accountRoutes,
  ...leadRoutes,
  ...contactRoutes,
  ...structureRoutes,
  ...noteRoutes,
  ...taskRoutes,
  ...userRoutes,
  ...webhookRoutes,
];
