/**
 * The invoice PDF download route over real HTTP with a real session cookie: the route's own loader
 * behind express with the server's load context (server/remix/loadContext.ts), as server/index.ts
 * serves it. A billing member gets application/pdf named after the invoice number; another org's
 * invoice and a malformed id are 404; a Viewer is told what they lack (403); a signed-out visitor
 * is sent to sign in.
 */
import type { AppLoadContext } from '@remix-run/node';
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestInvoice, type TestInvoice } from '../../../server/billing/invoices/testFixtures';
import { getLoadContext } from '../../../server/remix/loadContext';
import { personIn, rolesTestOrg, type Person, type RolesTestOrg } from '../../../server/roles/testFixtures';
import { loader } from '../../routes/o.$slug.invoices.$invoiceId_.pdf';

async function startDownloadRoute(): Promise<{ base: string; server: Server }> {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.get('/o/:slug/invoices/:invoiceId/pdf', (req, res, next) => {
    void (async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const request = new Request(`http://127.0.0.1${req.originalUrl}`, { headers });
      const context = getLoadContext(req, res) as unknown as AppLoadContext;
      let response: Response;
      try {
        response = await loader({ request, params: req.params, context });
      } catch (thrown) {
        if (!(thrown instanceof Response)) throw thrown;
        response = thrown;
      }
      res.status(response.status);
      response.headers.forEach((value, name) => res.setHeader(name, value));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(next);
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('invoice PDF download route', () => {
  let base: string;
  let server: Server;
  let org: RolesTestOrg;
  let billing: Person;
  let viewer: Person;
  let invoice: TestInvoice;
  let foreign: TestInvoice;

  beforeAll(async () => {
    ({ base, server } = await startDownloadRoute());
    org = await rolesTestOrg('invoice-download');
    const other = await rolesTestOrg('invoice-download-other');
    billing = await personIn(org, 'invoice-download-billing', 'billing');
    viewer = await personIn(org, 'invoice-download-viewer', 'viewer');
    invoice = await insertTestInvoice(org.orgId, {
      number: 'DL-0007',
      lines: [{ description: 'Team plan, 12 seats', quantity: 12, unitAmount: 900, amount: 10_800 }],
    });
    foreign = await insertTestInvoice(other.orgId);
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  const get = (path: string, cookie?: string) =>
    fetch(`${base}/o/${org.slug}/invoices/${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

  it('answers a billing member with the PDF, named after the invoice number', async () => {
    const response = await get(`${invoice.id}/pdf`, billing.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="invoice-DL-0007.pdf"');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain('DL-0007');
    expect(text).toContain('Team plan, 12 seats');
    expect(text).toContain('€108.00');
  });

  it('answers 404 for another org’s invoice and for an address that is no invoice id', async () => {
    for (const path of [`${foreign.id}/pdf`, 'not-an-invoice/pdf']) {
      const response = await get(path, billing.cookie);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    }
  });

  it('tells a Viewer what they lack, and sends a signed-out visitor to sign in', async () => {
    const refused = await get(`${invoice.id}/pdf`, viewer.cookie);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/view and download invoices/i);
    const signedOut = await get(`${invoice.id}/pdf`);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('location')).toBe(
      `/login?redirectTo=${encodeURIComponent(`/o/${org.slug}/invoices/${invoice.id}/pdf`)}`,
    );
  });
});
