// `npm start`: from a fresh clone to a running server. Installs dependencies when needed,
// checks PostgreSQL and Redis, builds the UI, creates roles + database and migrates, seeds the
// demo tenant (idempotent), then runs the server in production mode until it is stopped.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { installDependenciesIfNeeded, requireServices, ROOT, run } from './preflight.mjs';

function step(title) {
  console.log(`\n› ${title}`);
}

async function must(title, command, args, options) {
  step(title);
  const code = await run(command, args, options);
  if (code !== 0) {
    console.error(`✗ ${title} failed (exit ${code}).`);
    process.exit(code);
  }
}

await installDependenciesIfNeeded();
await requireServices();

// `node --import tsx` runs TypeScript in one process (no npx/tsx wrapper between us and signals).
const tsNode = [process.execPath, '--import', 'tsx'];
await must('Building the web app', 'npm', ['run', 'build']);
await must('Preparing the database (roles, database, migrations)', tsNode[0], [
  ...tsNode.slice(1),
  'server/cli.ts',
  'db:migrate',
]);
// Last before serving, so the demo logins it prints stand right above the URL.
await must('Seeding the demo organization', tsNode[0], [...tsNode.slice(1), 'server/cli.ts', 'demo:seed']);

step('Starting the server');
const server = spawn(tsNode[0], [...tsNode.slice(1), 'server/index.ts'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
// Forward each stop signal once. With Ctrl-C (or `kill -- -<pgid>`) the server also receives the
// signal from the process group directly, so its shutdown handler must tolerate a second one.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    if (server.exitCode === null) server.kill(signal);
    process.on(signal, () => {});
  });
}
server.on('error', (error) => {
  console.error(`✗ Could not start the server: ${error.message}`);
  process.exit(1);
});
server.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
});
