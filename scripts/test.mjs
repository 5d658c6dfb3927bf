// `npm test`: the whole gate, in order, stopping at the first failure —
// typecheck, lint, import rules, unit + integration tests, production build, browser journeys.
import { installDependenciesIfNeeded, requireServices, run } from './preflight.mjs';

const STEPS = [
  { name: 'Typecheck', script: 'typecheck', command: 'tsc --noEmit' },
  { name: 'Lint', script: 'lint', command: 'eslint' },
  { name: 'Import rules', script: 'lint:imports', command: 'depcruise' },
  { name: 'Unit and integration tests', script: 'test:unit', command: 'vitest run' },
  { name: 'Build', script: 'build', command: 'remix vite:build' },
  { name: 'End-to-end journeys', script: 'test:e2e', command: 'playwright test' },
];

await installDependenciesIfNeeded();
await requireServices();

const startedAt = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const passed = [];

for (const [index, step] of STEPS.entries()) {
  const header = `[${index + 1}/${STEPS.length}] ${step.name} (${step.command})`;
  console.log(`\n${'═'.repeat(header.length)}\n${header}\n${'═'.repeat(header.length)}`);
  const stepStartedAt = Date.now();
  const code = await run('npm', ['run', '--silent', step.script], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (code !== 0) {
    console.error(`\n✗ npm test: ${step.name} failed (exit ${code}) after ${seconds(stepStartedAt)}.`);
    if (passed.length) console.error(`  Passed before it: ${passed.join(', ')}.`);
    process.exit(code);
  }
  passed.push(`${step.name} ${seconds(stepStartedAt)}`);
}

console.log(`\n✓ npm test: all ${STEPS.length} steps passed in ${seconds(startedAt)} (${passed.join(', ')}).`);
