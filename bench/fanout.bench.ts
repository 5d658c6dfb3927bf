/**
 * Live fan-out: N WebSocket clients of one org (default 5,000) subscribed to activity.live through
 * the real server, receiving events produced at a steady rate through the outbox (tenant
 * transaction → relay → Redis → bus → subscriptions). Baseline, in the same run and on the same
 * machine: a bare `ws` server broadcasting each message of a Redis channel, serialized once, to
 * the same number of sockets.
 *
 * For each side: a steady phase (`rate` events/s for `seconds`) gives delivery latency p50/p99
 * (from just before the event is written or published to its arrival at a client); a burst of
 * `burst` events back to back gives throughput (deliveries per second until the last client has
 * the last event). The final line compares the throughputs, and carries the app's latencies.
 *
 * Options: --clients=N --rate=R --seconds=S --burst=B (or FANOUT_CLIENTS, FANOUT_RATE, …);
 * FANOUT_PROFILE=1 writes a CPU profile of the server process to /tmp/fanout-prof.
 * Loopback only; every wait is bounded. Clients speak tRPC's WebSocket protocol directly over a
 * minimal WebSocket client (rawWebSocket.ts), reading only `sentAt` from each frame, so the
 * measuring side costs the same for both servers and as little as it can: it shares the two
 * cores with the servers it measures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { FanoutCommand, FanoutProduced, FanoutReady } from './fanout.server';
import { connectRawWebSocket, type RawWebSocket } from './rawWebSocket';

function option(name: string, fallback: number): number {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  const raw = flag?.slice(name.length + 3) ?? process.env[`FANOUT_${name.toUpperCase()}`];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const CLIENTS = option('clients', 5_000);
// An org's activity rarely exceeds a couple of events a second; --rate raises it.
const RATE = option('rate', 2);
const SECONDS = option('seconds', 6);
const BURST = option('burst', 40);
const CONNECT_CONCURRENCY = 100;
/** How long a phase waits for its last deliveries: 30 s, plus time at a floor of 2,000 deliveries/s. */
const drainTimeoutMs = (expected: number) => 30_000 + expected / 2;

const monotonicMs = () => Number(process.hrtime.bigint() / 1_000n) / 1_000;
const SEQ = '"seq":';

/** What the clients received in the current phase: the seq of each frame and when it arrived. */
class Recorder {
  seqs: Int32Array = new Int32Array(0);
  arrivals: Float64Array = new Float64Array(0);
  count = 0;
  lastArrival = 0;
  private fromSeq = 0;
  private toSeq = 0;

  start(fromSeq: number, events: number): void {
    this.seqs = new Int32Array(events * CLIENTS);
    this.arrivals = new Float64Array(events * CLIENTS);
    this.count = 0;
    this.lastArrival = 0;
    this.fromSeq = fromSeq;
    this.toSeq = fromSeq + events;
  }

  /** Reads `seq` from the raw frame without parsing the rest. */
  onFrame = (frame: Buffer): void => {
    const at = frame.indexOf(SEQ);
    if (at < 0) return;
    const arrival = monotonicMs();
    const seq = Number.parseInt(frame.toString('latin1', at + SEQ.length, at + SEQ.length + 12), 10);
    if (seq < this.fromSeq || seq >= this.toSeq) return;
    if (this.count < this.seqs.length) {
      this.seqs[this.count] = seq - this.fromSeq;
      this.arrivals[this.count] = arrival;
    }
    this.count += 1;
    this.lastArrival = arrival;
  };

  /** Arrival minus the producer's time for that event, per received frame. */
  latenciesFrom(times: number[]): Float64Array {
    const received = Math.min(this.count, this.seqs.length);
    const out = new Float64Array(received);
    for (let i = 0; i < received; i++) out[i] = this.arrivals[i]! - times[this.seqs[i]!]!;
    return out;
  }
}

type Target = 'app' | 'bare';

async function connectAll(target: Target, ready: FanoutReady, recorder: Recorder): Promise<RawWebSocket[]> {
  const sockets: RawWebSocket[] = [];
  let next = 0;
  const connectOne = async (index: number) => {
    if (target === 'bare') {
      const socket = await connectRawWebSocket(`ws://127.0.0.1:${ready.barePort}/`);
      sockets.push(socket);
      socket.onText(recorder.onFrame);
      return;
    }
    const socket = await connectRawWebSocket(`ws://127.0.0.1:${ready.appPort}/trpc`, { cookie: ready.cookies[index]! });
    sockets.push(socket);
    const started = new Promise<void>((resolve, reject) => {
      socket.onText((frame) => {
        const text = frame.toString();
        if (text.includes('"started"')) {
          // One listener per socket, as on the baseline. It also answers the server's keep-alive as
          // tRPC's client does: an idle socket is dropped after 35 s, and connecting thousands of
          // clients on a loaded machine can take longer than that.
          socket.onText((payload) => {
            if (payload.length === 4 && payload.toString() === 'PING') socket.send('PONG');
            else recorder.onFrame(payload);
          });
          resolve();
        } else if (text.includes('"error"')) reject(new Error(`subscription refused: ${text}`));
      });
    });
    socket.send(
      JSON.stringify({
        id: 1,
        method: 'subscription',
        params: { path: 'activity.live', input: { json: { orgSlug: ready.orgSlug, lastEventId: null } } },
      }),
    );
    await started;
  };
  const worker = async () => {
    while (next < CLIENTS) await connectOne(next++);
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  return sockets;
}

async function closeAll(sockets: RawWebSocket[]): Promise<void> {
  await Promise.all(sockets.map((socket) => socket.close()));
}

function command(child: ChildProcess, message: FanoutCommand): Promise<FanoutProduced> {
  const reply = once(child, 'message') as Promise<[FanoutProduced]>;
  child.send(message);
  return reply.then(([produced]) => produced);
}

async function drain(recorder: Recorder, expected: number): Promise<void> {
  const deadline = Date.now() + drainTimeoutMs(expected);
  while (recorder.count < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

function percentile(values: Float64Array, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

type SideResult = {
  /** From just before the write (app: includes the producer's commit) to arrival. */
  p50Ms: number;
  p99Ms: number;
  /** From the commit (baseline: from the publish) to arrival. */
  p50FromCommitMs: number;
  p99FromCommitMs: number;
  steadyPerSecond: number;
  burstPerSecond: number;
  missing: number;
};

async function measure(child: ChildProcess, target: Target, ready: FanoutReady, seqBase: number): Promise<SideResult> {
  const recorder = new Recorder();
  const connectStarted = monotonicMs();
  const sockets = await connectAll(target, ready, recorder);
  console.log(`${target}: ${CLIENTS} clients subscribed in ${((monotonicMs() - connectStarted) / 1000).toFixed(1)} s`);
  try {
    let seq = seqBase;
    const phase = async (events: number, perSecond: number | null) => {
      recorder.start(seq, events);
      const produced = await command(child, { cmd: 'produce', target, count: events, perSecond, from: seq });
      seq += events;
      await drain(recorder, events * CLIENTS);
      return {
        produced,
        perSecond: recorder.count / ((recorder.lastArrival - produced.firstSentAt) / 1000),
        missing: events * CLIENTS - recorder.count,
      };
    };
    await phase(3, 10); // warm-up: JIT, pools, the relay's first wake
    const steady = await phase(Math.round(RATE * SECONDS), RATE);
    const fromSent = recorder.latenciesFrom(steady.produced.sentAt);
    const fromCommit = recorder.latenciesFrom(steady.produced.committedAt);
    const burst = await phase(BURST, null);
    return {
      p50Ms: percentile(fromSent, 0.5),
      p99Ms: percentile(fromSent, 0.99),
      p50FromCommitMs: percentile(fromCommit, 0.5),
      p99FromCommitMs: percentile(fromCommit, 0.99),
      steadyPerSecond: steady.perSecond,
      burstPerSecond: burst.perSecond,
      missing: steady.missing + burst.missing,
    };
  } finally {
    await closeAll(sockets);
  }
}

export async function run(): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.FANOUT_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/fanout-prof'] : []),
      '--import',
      'tsx',
      'bench/fanout.server.ts',
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        FANOUT_CLIENTS: String(CLIENTS),
        DATABASE_URL: process.env.BENCH_FANOUT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/atrium_bench_fanout',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  try {
    const [ready] = (await once(child, 'message')) as [FanoutReady];
    const bare = await measure(child, 'bare', ready, 1_000_000);
    const app = await measure(child, 'app', ready, 2_000_000);
    const line = (name: string, r: SideResult) =>
      `${name}: p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms ` +
      `(after commit: p50 ${r.p50FromCommitMs.toFixed(1)} ms, p99 ${r.p99FromCommitMs.toFixed(1)} ms), steady ${r.steadyPerSecond.toFixed(0)} msg/s, ` +
      `burst ${r.burstPerSecond.toFixed(0)} msg/s, missing ${r.missing}`;
    console.log(`${CLIENTS} clients, ${RATE} events/s for ${SECONDS} s, then a burst of ${BURST}`);
    console.log(line('activity.live (tRPC, outbox, relay, Redis)', app));
    console.log(line('bare ws broadcast (Redis)               ', bare));
    if (app.missing > 0 || bare.missing > 0) throw new Error('messages were lost; the benchmark is not valid');
    console.log(
      JSON.stringify({
        bench: 'fanout',
        metric: 'throughput',
        value: Math.round(app.burstPerSecond),
        unit: 'msg/s',
        baseline: Math.round(bare.burstPerSecond),
        ratio: Number((app.burstPerSecond / bare.burstPerSecond).toFixed(3)),
        clients: CLIENTS,
        p50Ms: Number(app.p50Ms.toFixed(1)),
        p99Ms: Number(app.p99Ms.toFixed(1)),
        p99FromCommitMs: Number(app.p99FromCommitMs.toFixed(1)),
        baselineP99Ms: Number(bare.p99Ms.toFixed(1)),
      }),
    );
  } finally {
    if (child.connected) child.send({ cmd: 'stop' } satisfies FanoutCommand);
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
