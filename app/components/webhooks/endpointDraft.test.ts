import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../server/shared/webhookEvents';
import { draftErrors, draftOf, endpointFields, hasErrors, readEndpointDraft } from './endpointDraft';

function formOf(entries: [string, string][]): FormData {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
}

describe('the endpoint form', () => {
  it('reads "all events" as every type, including later ones, whatever was ticked', () => {
    const draft = readEndpointDraft(
      formOf([
        ['url', ' https://hooks.example.com/in '],
        ['events', 'all'],
        ['eventTypes', 'member.joined'],
        ['isEnabled', 'on'],
      ]),
    );
    expect(draft).toMatchObject({ allEvents: true, isEnabled: true });
    expect(endpointFields(draft)).toEqual({
      url: 'https://hooks.example.com/in',
      description: '',
      eventTypes: ['*'],
      isEnabled: true,
    });
  });

  it('reads "only these" as the ticked types, and an unticked box as disabled', () => {
    const draft = readEndpointDraft(
      formOf([
        ['url', 'https://hooks.example.com/in'],
        ['description', '  CRM  '],
        ['events', 'some'],
        ['eventTypes', 'member.joined'],
        ['eventTypes', 'role.deleted'],
      ]),
    );
    expect(endpointFields(draft)).toEqual({
      url: 'https://hooks.example.com/in',
      description: 'CRM',
      eventTypes: ['member.joined', 'role.deleted'],
      isEnabled: false,
    });
    expect(hasErrors(draftErrors(draft))).toBe(false);
  });

  it('says what is wrong next to each field before anything is sent', () => {
    const base = { description: '', allEvents: true, eventTypes: [], isEnabled: true };
    expect(draftErrors({ ...base, url: '  ' }).url).toEqual(['Enter the URL that receives the events']);
    expect(draftErrors({ ...base, url: 'hooks.example.com' }).url).toEqual([
      'Enter a full URL, starting with https://',
    ]);
    expect(draftErrors({ ...base, url: 'ftp://example.com/in' }).url).toEqual(['The URL must start with https://']);
    expect(draftErrors({ ...base, url: `https://example.com/${'a'.repeat(2_100)}` }).url).toEqual([
      'Use at most 2048 characters',
    ]);
    expect(draftErrors({ ...base, url: 'https://example.com', description: 'x'.repeat(501) }).description).toEqual([
      'Use at most 500 characters',
    ]);
    expect(draftErrors({ ...base, url: 'https://example.com', allEvents: false }).eventTypes).toEqual([
      'Choose at least one event type, or all events',
    ]);
    expect(
      draftErrors({ ...base, url: 'https://example.com', allEvents: false, eventTypes: ['<b>nope</b>'] }).eventTypes,
    ).toEqual(['Choose event types from the list']);
  });

  it('leaves the https and public-address rule to the server (http passes the browser check)', () => {
    const draft = {
      url: 'http://127.0.0.1:4000/in',
      description: '',
      allEvents: true,
      eventTypes: [],
      isEnabled: true,
    };
    expect(draftErrors(draft)).toEqual({});
  });

  it('fills the edit form from an endpoint, all events or a list', () => {
    const endpoint = { url: 'https://a.example', description: 'd', isEnabled: false };
    expect(draftOf({ ...endpoint, eventTypes: ['*'] })).toMatchObject({ allEvents: true, eventTypes: [] });
    expect(draftOf({ ...endpoint, eventTypes: [WEBHOOK_EVENT_TYPES[0]!] })).toMatchObject({
      allEvents: false,
      eventTypes: [WEBHOOK_EVENT_TYPES[0]],
      isEnabled: false,
    });
  });
});
