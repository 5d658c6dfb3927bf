/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name>` runs one. Each benchmark runs
 * its baseline in the same run and ends with one JSON line:
 * {"bench":…,"metric":…,"value":…,"unit":…,"baseline":…,"ratio":…}
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = requested.length ? requested : available;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`Unknown benchmark "${name}". Available: ${available.join(', ')}`);
    process.exit(2);
  }
}
for (const name of names) {
  console.log(`\n# bench ${name}`);
  const mod = (await import(`./${name}.bench.ts`)) as { run: () => Promise<void> };
  await mod.run();
}
process.exit(0);
