/** The root router: wires domain routers by name, nothing else. */
import { router } from './init';
import { createCallerFactory } from './init';

export const appRouter = router({});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
