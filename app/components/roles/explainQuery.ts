/**
 * The access explainer's form lives in the query string (a GET form), so an answer is a link and
 * works without JavaScript. This module reads that query string, types the resource attribute
 * values (number when numeric, boolean for true/false, else text), and validates it into the
 * input of roles.explain — with each problem keyed to the field it belongs next to.
 */
import { isPermission, type Permission } from '../../../server/shared/permissions';

/** Attribute rows beyond this are a modelling mistake, not a question. */
export const MAX_ATTRIBUTE_ROWS = 20;
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const NUMBER_PATTERN = /^-?(?:\d+|\d*\.\d+)$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What <input type="datetime-local"> sends: minutes, optionally seconds. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/** Whether `text` has the shape of a membership id (a UUID). */
export function isMembershipId(text: string): boolean {
  return UUID_PATTERN.test(text);
}

export type AttributeRow = { key: string; value: string };

export type ExplainQuery = {
  /** The explain form was submitted (not just opened, or searched for a member). */
  isSubmitted: boolean;
  search: string;
  member: string;
  permission: string;
  rows: AttributeRow[];
  ip: string;
  /** UTC, as typed into the datetime-local field. */
  at: string;
};

export type AttributeValue = string | number | boolean;

export type ExplainRequest = {
  membershipId: string;
  permission: Permission;
  resource?: Record<string, AttributeValue>;
  ip?: string;
  at?: Date;
};

/** Field name → message, for the field the message belongs next to (`key.0`, `value.2`, `member` …). */
export type ExplainFieldErrors = Record<string, string>;

function first(params: URLSearchParams, name: string, max = 200): string {
  return (params.get(name) ?? '').slice(0, max);
}

export function readExplainQuery(params: URLSearchParams): ExplainQuery {
  const keys = params.getAll('key');
  const values = params.getAll('value');
  const rows: AttributeRow[] = [];
  for (let i = 0; i < Math.max(keys.length, values.length) && i < MAX_ATTRIBUTE_ROWS + 1; i++) {
    const row = { key: (keys[i] ?? '').trim().slice(0, 100), value: (values[i] ?? '').slice(0, 600) };
    if (row.key !== '' || row.value !== '') rows.push(row);
  }
  return {
    isSubmitted: params.get('explain') === '1',
    search: first(params, 'q', 100).trim(),
    member: first(params, 'member', 64).trim(),
    permission: first(params, 'permission', 64).trim(),
    rows,
    ip: first(params, 'ip', 64).trim(),
    at: first(params, 'at', 32).trim(),
  };
}

/** "100" → 100, "2.5" → 2.5, "true"/"false" → booleans, anything else stays text. */
export function typedValue(raw: string): AttributeValue {
  const text = raw.trim();
  if (NUMBER_PATTERN.test(text)) return Number(text);
  if (text === 'true') return true;
  if (text === 'false') return false;
  return raw;
}

export function describeValue(value: AttributeValue): string {
  if (typeof value === 'number') return `${value} (number)`;
  if (typeof value === 'boolean') return `${value} (true/false)`;
  return `"${value}" (text)`;
}

function isIpAddress(text: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(text)) return true;
  // IPv6: hex groups and colons, at most one "::", optionally an IPv4 tail; URL's parser decides.
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

export function validateExplainQuery(
  query: ExplainQuery,
): { ok: true; request: ExplainRequest } | { ok: false; errors: ExplainFieldErrors } {
  const errors: ExplainFieldErrors = {};
  if (query.member === '') errors.member = 'Choose a member';
  else if (!isMembershipId(query.member)) errors.member = 'Choose a member from the list';
  if (query.permission === '') errors.permission = 'Choose a permission';
  else if (!isPermission(query.permission)) errors.permission = `${query.permission} is not a permission`;

  const resource: Record<string, AttributeValue> = {};
  if (query.rows.length > MAX_ATTRIBUTE_ROWS) {
    errors.attributes = `Use at most ${MAX_ATTRIBUTE_ROWS} attributes`;
  }
  query.rows.slice(0, MAX_ATTRIBUTE_ROWS).forEach((row, index) => {
    if (row.key === '') {
      errors[`key.${index}`] = 'Give this value a name, e.g. region';
    } else if (!KEY_PATTERN.test(row.key)) {
      errors[`key.${index}`] = 'Use letters, digits and _, starting with a letter (at most 64)';
    } else if (Object.hasOwn(resource, row.key)) {
      errors[`key.${index}`] = `${row.key} is already given above`;
    } else if (row.value.length > 500) {
      errors[`value.${index}`] = 'Use at most 500 characters';
    } else {
      resource[row.key] = typedValue(row.value);
    }
  });

  if (query.ip !== '' && !isIpAddress(query.ip)) errors.ip = 'Not an IP address, e.g. 10.0.0.5 or 2001:db8::1';
  let at: Date | undefined;
  if (query.at !== '') {
    at = LOCAL_DATE_TIME.test(query.at) ? new Date(`${query.at}Z`) : undefined;
    if (!at || Number.isNaN(at.getTime())) errors.at = 'Not a date and time';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: {
      membershipId: query.member,
      permission: query.permission as Permission,
      ...(query.rows.length > 0 ? { resource } : {}),
      ...(query.ip !== '' ? { ip: query.ip } : {}),
      ...(at ? { at } : {}),
    },
  };
}
