import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { ZCreateEndpointInput } from '../../../server/webhooks/schemas';
import { AppError } from '../../../server/errors';
import { webhookFailure } from './webhookFailure.server';

const request = new Request('http://localhost/o/acme/webhooks/new');

function failureOf(error: unknown) {
  return webhookFailure(error, request, new Headers());
}

/** What a page-level refusal throws instead of answering: a Response (redirect or error page). */
function thrownStatus(error: unknown): number {
  try {
    failureOf(error);
  } catch (thrown) {
    const response = thrown as { init?: { status?: number }; status?: number };
    return response.init?.status ?? response.status ?? 0;
  }
  throw new Error('expected the refusal to be thrown');
}

describe('a refused webhooks call as the page shows it', () => {
  it('puts the URL rule’s reason on the url field, in the server’s words', () => {
    const refused = new AppError('WEBHOOK_URL_REFUSED', 'The address 10.0.0.1 is private', { field: 'url' });
    expect(failureOf(refused)).toEqual({
      status: 400,
      message: 'Please correct the URL.',
      fieldErrors: { url: ['The address 10.0.0.1 is private'] },
      isStale: false,
    });
  });

  it('puts schema errors next to their fields', () => {
    const invalid = ZCreateEndpointInput.safeParse({ url: '', eventTypes: [] });
    expect(invalid.success).toBe(false);
    const failure = failureOf(new TRPCError({ code: 'BAD_REQUEST', cause: invalid.error }));
    expect(failure.status).toBe(400);
    expect(failure.fieldErrors.eventTypes).toBeDefined();
    expect(failure.fieldErrors.url).toBeDefined();
  });

  it('says a save was stale with 409, without a field', () => {
    const stale = failureOf(new AppError('STALE_VERSION', 'Someone else changed this endpoint'));
    expect(stale).toMatchObject({ status: 409, isStale: true, fieldErrors: {} });
  });

  it('keeps a missing delivery on the form, and makes a missing endpoint or a refused permission the page’s error', () => {
    expect(failureOf(new AppError('WEBHOOK_DELIVERY_NOT_FOUND'))).toMatchObject({
      status: 400,
      message: 'Webhook delivery not found',
    });
    expect(thrownStatus(new TRPCError({ code: 'NOT_FOUND', cause: new AppError('WEBHOOK_ENDPOINT_NOT_FOUND') }))).toBe(
      404,
    );
    expect(thrownStatus(new TRPCError({ code: 'FORBIDDEN', message: 'No' }))).toBe(403);
  });

  it('never lets an unexpected error’s text through', () => {
    expect(() => failureOf(new Error('connection refused at 10.1.2.3'))).toThrow('connection refused');
  });
});
