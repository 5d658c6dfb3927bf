/** The root router: wires domain routers by name, nothing else. */
import { activityRouter } from '../activity/router';
import { router } from './init';
import { createCallerFactory } from './init';

export const appRouter = router({
  activity: activityRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
