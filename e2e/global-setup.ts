/**
 * Playwright global setup. Playwright starts the webServer BEFORE globalSetup (plugins run
 * first), so preparing the database cannot happen here: e2e/start-server.mjs drops and rebuilds
 * atrium_e2e, seeds it and empties the mailbox before it starts the server. What is left for
 * this hook is checking what the specs need from the machine itself.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `End-to-end tests drive Debian's Chromium at ${CHROMIUM}, which is not installed.\n` +
        'Install it with: apt-get update && apt-get install -y chromium',
    );
  }
}
