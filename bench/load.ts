/**
 * A small closed-loop HTTP load generator: `concurrency` keep-alive connections, each sending
 * the next request as soon as the previous answer arrives, for a fixed time. Bounded in count
 * and time, loopback only.
 */
import http from 'node:http';

export type LoadResult = {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
};

export async function runLoad(opts: {
  url: string;
  headers?: Record<string, string>;
  concurrency: number;
  durationMs: number;
  maxRequests?: number;
}): Promise<LoadResult> {
  const target = new URL(opts.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('bench targets loopback only');
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const maxRequests = opts.maxRequests ?? 2_000_000;
  const started = performance.now();
  const deadline = started + opts.durationMs;

  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          agent,
          headers: opts.headers,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });

  const worker = async () => {
    while (performance.now() < deadline && latencies.length + errors < maxRequests) await once();
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: pick(0.5),
    p99Ms: pick(0.99),
  };
}
