/**
 * A stand-in for Stripe's API on loopback: these machines cannot reach api.stripe.com, so the
 * `stripe` SDK is pointed at this server (STRIPE_API_URL: protocol, host, port) and gets answers
 * in Stripe's documented object shapes — a real HTTP peer, not a mock of the SDK. It keeps what it
 * made (customers, subscriptions) in memory, records every request with its form-encoded
 * parameters flattened (`metadata[orgId]`), and answers errors in Stripe's `{ error: { type,
 * message } }` form. Covers what Atrium calls: customers, Checkout and Billing Portal sessions,
 * subscriptions (retrieve, update) and meter events (an identifier is accepted once).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInRequest = { method: string; path: string; params: Record<string, string>; idempotencyKey?: string };

export type StripeStandIn = {
  /** The base URL for STRIPE_API_URL. */
  url: string;
  requests: StandInRequest[];
  /** Requests to paths starting with `prefix` (e.g. '/v1/billing/meter_events'). */
  to(prefix: string): StandInRequest[];
  /** Seeds a subscription the API can retrieve and update. */
  addSubscription(subscription: { id: string; customer: string; price: string; status?: string }): void;
  /** Makes the next request to `prefix` fail with this HTTP status (a Stripe error body). */
  failNext(prefix: string, status: number): void;
  close(): Promise<void>;
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

/** `metadata[orgId]` and friends, as the flat keys Stripe's form encoding sends. */
function subObject(params: Record<string, string>, name: string): Record<string, string> {
  const prefix = `${name}[`;
  return Object.fromEntries(
    Object.entries(params)
      .filter(([key]) => key.startsWith(prefix) && key.endsWith(']') && !key.slice(prefix.length, -1).includes('['))
      .map(([key, value]) => [key.slice(prefix.length, -1), value]),
  );
}

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const requests: StandInRequest[] = [];
  const customers = new Map<string, Record<string, unknown>>();
  const subscriptions = new Map<string, Record<string, unknown>>();
  const meterIdentifiers = new Set<string>();
  const failures: { prefix: string; status: number }[] = [];

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') }).end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string, code?: string) =>
    send(res, status, { error: { type: status >= 500 ? 'api_error' : 'invalid_request_error', message, code } });

  function subscriptionObject(sub: { id: string; customer: string; price: string; status?: string }) {
    const start = now();
    return {
      id: sub.id,
      object: 'subscription',
      customer: sub.customer,
      status: sub.status ?? 'active',
      cancel_at_period_end: false,
      created: start,
      metadata: {},
      items: {
        object: 'list',
        data: [
          {
            id: id('si'),
            object: 'subscription_item',
            price: { id: sub.price, object: 'price', currency: 'usd', recurring: { interval: 'month' } },
            quantity: 1,
            current_period_start: start,
            current_period_end: start + 30 * 86_400,
          },
        ],
      },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const idempotencyKey = req.headers['idempotency-key'];
    requests.push({
      method: req.method ?? 'GET',
      path,
      params,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    });
    if (!/^Bearer (sk|rk)_(test|live)_\w+$/.test(req.headers.authorization ?? '')) {
      return error(res, 401, 'Invalid API Key provided');
    }
    const failure = failures.findIndex((f) => path.startsWith(f.prefix));
    if (failure >= 0) {
      const [{ status }] = failures.splice(failure, 1) as [{ prefix: string; status: number }];
      return error(res, status, 'The stand-in was told to fail this request');
    }
    const post = req.method === 'POST';
    let match: RegExpMatchArray | null;
    if (post && path === '/v1/customers') {
      const customer = {
        id: id('cus'),
        object: 'customer',
        email: params.email ?? null,
        name: params.name ?? null,
        metadata: subObject(params, 'metadata'),
        created: now(),
        livemode: false,
      };
      customers.set(customer.id, customer);
      return send(res, 200, customer);
    }
    if ((match = path.match(/^\/v1\/customers\/(cus_\w+)$/))) {
      const customer = customers.get(match[1]!);
      return customer
        ? send(res, 200, customer)
        : error(res, 404, `No such customer: '${match[1]}'`, 'resource_missing');
    }
    if (post && path === '/v1/checkout/sessions') {
      if (!params.customer && !params.customer_email) return error(res, 400, 'Missing required param: customer.');
      if (!params.success_url) return error(res, 400, 'Missing required param: success_url.');
      const session = id('cs_test');
      return send(res, 200, {
        id: session,
        object: 'checkout.session',
        mode: params.mode ?? 'payment',
        status: 'open',
        customer: params.customer ?? null,
        client_reference_id: params.client_reference_id ?? null,
        metadata: subObject(params, 'metadata'),
        success_url: params.success_url,
        cancel_url: params.cancel_url ?? null,
        url: `https://checkout.stripe.com/c/pay/${session}`,
        created: now(),
        livemode: false,
      });
    }
    if (post && path === '/v1/billing_portal/sessions') {
      if (!params.customer) return error(res, 400, 'Missing required param: customer.');
      const session = id('bps');
      return send(res, 200, {
        id: session,
        object: 'billing_portal.session',
        customer: params.customer,
        return_url: params.return_url ?? null,
        url: `https://billing.stripe.com/p/session/${session}`,
        created: now(),
        livemode: false,
      });
    }
    if ((match = path.match(/^\/v1\/subscriptions\/(sub_\w+)$/))) {
      const subscription = subscriptions.get(match[1]!);
      if (!subscription) return error(res, 404, `No such subscription: '${match[1]}'`, 'resource_missing');
      if (post && params.cancel_at_period_end !== undefined) {
        subscription.cancel_at_period_end = params.cancel_at_period_end === 'true';
      }
      return send(res, 200, subscription);
    }
    if (post && path === '/v1/billing/meter_events') {
      const identifier = params.identifier ?? id('mev');
      if (!params.event_name) return error(res, 400, 'Missing required param: event_name.');
      if (meterIdentifiers.has(identifier)) {
        return error(res, 400, `An event already exists with identifier ${identifier}.`, 'duplicate_meter_event');
      }
      meterIdentifiers.add(identifier);
      return send(res, 200, {
        object: 'billing.meter_event',
        event_name: params.event_name,
        identifier,
        payload: subObject(params, 'payload'),
        timestamp: Number(params.timestamp ?? now()),
        created: now(),
        livemode: false,
      });
    }
    return error(res, 404, `Unrecognized request URL (${req.method}: ${path}).`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => error(res, 500, 'The stand-in failed'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (prefix) => requests.filter((request) => request.path.startsWith(prefix)),
    addSubscription(subscription) {
      subscriptions.set(subscription.id, subscriptionObject(subscription));
    },
    failNext(prefix, status) {
      failures.push({ prefix, status });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
