/** `npm run bench -- usageDashboard`: the usage page's data load p95 (./usageDashboard.ts). */
import { runUsageDashboardBench } from './usageDashboard';

export function run(): Promise<void> {
  return runUsageDashboardBench();
}
