/**
 * Runs a benchmark's measuring half in a child process of its own (production mode, silent logs,
 * the bench database): the parent only relays the child's JSON lines and fails when the child did.
 * A fresh process per measurement keeps one bench's pools, caches and JIT state out of another's.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export async function runBenchChild(options: {
  file: string;
  databaseUrl: string;
  env: Record<string, string>;
  label: string;
}): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', options.file], {
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: options.databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => console.log(line));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${options.label} exited with ${code}`);
}
