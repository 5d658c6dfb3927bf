/**
 * Test support: a fake browser that calls procedures the way a request does — a fresh context
 * per call (cookie, Origin, IP, User-Agent), the real middleware chain, and a cookie jar that
 * applies every Set-Cookie the server sends back.
 */
import { env } from '../../env';
import { createContext } from '../../trpc/context';
import { createCaller } from '../../trpc/router';
import { SESSION_COOKIE } from '../session';

type Api = ReturnType<typeof createCaller>;

export const APP_ORIGIN = new URL(env.APP_URL).origin;
export const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export type BrowserOptions = { ip?: string; userAgent?: string; origin?: string | null };

export class Browser {
  readonly cookies = new Map<string, string>();
  /** The Set-Cookie headers of the most recent call. */
  lastSetCookies: string[] = [];

  constructor(private readonly options: BrowserOptions = {}) {}

  get sessionToken(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  /** One request: builds the context from this browser's state and runs `fn` against the router. */
  async call<T>(fn: (api: Api) => Promise<T>): Promise<T> {
    const setCookies: string[] = [];
    this.lastSetCookies = setCookies;
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? CHROME_ON_LINUX };
    const origin = this.options.origin === undefined ? APP_ORIGIN : this.options.origin;
    if (origin) headers.origin = origin;
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const ctx = await createContext({
      headers,
      ip: this.options.ip ?? '127.0.0.1',
      appendSetCookie: (value) => {
        setCookies.push(value);
        this.applySetCookie(value);
      },
    });
    return fn(createCaller(ctx));
  }

  private applySetCookie(header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator);
    const value = decodeURIComponent(pair.slice(separator + 1));
    const isExpired = attributes.some((attribute) => {
      const [key = '', ...rest] = attribute.split('=');
      const attributeValue = rest.join('=');
      if (key.toLowerCase() === 'max-age') return Number(attributeValue) <= 0;
      if (key.toLowerCase() === 'expires') return new Date(attributeValue).getTime() <= Date.now();
      return false;
    });
    if (isExpired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

let counter = 0;

/** A unique, valid sign-up for one test: the person, their password and their new organization. */
export function newAccount(label: string) {
  counter += 1;
  const unique = `${label}-${process.pid}-${counter}-${Date.now().toString(36)}`;
  return {
    name: `${label} Tester`,
    email: `${unique}@example.test`,
    password: `correct horse ${unique}`,
    orgName: `${label} Org ${counter}`,
  };
}

/** Signs a new account up through the real procedure; the returned browser holds its session. */
export async function signedUpUser(label: string, options: BrowserOptions = {}) {
  const account = newAccount(label);
  const browser = new Browser(options);
  const { orgSlug } = await browser.call((api) => api.auth.signup(account));
  const me = await browser.call((api) => api.account.me());
  return { ...account, userId: me.id, orgSlug, browser };
}

/** Signs an existing account in from a new browser. */
export async function signedInBrowser(email: string, password: string, options: BrowserOptions = {}) {
  const browser = new Browser(options);
  await browser.call((api) => api.auth.login({ email, password }));
  return browser;
}
