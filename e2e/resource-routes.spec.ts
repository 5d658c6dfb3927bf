/**
 * The download addresses of an org answer a method they do not serve the way every org page
 * answers: a member is told which methods the address takes (405 with Allow), anyone else gets
 * the same 404 as for an org that does not exist — never Remix's 400 "Unexpected Server Error".
 */
import { E2E_BASE_URL } from './support/env';
import { DEMO, DEMO_ORG, logInByApi, newPerson, signUpByApi } from './support/people';
import { expect, test, type APIRequestContext } from './support/test';

const ORG = `/o/${DEMO_ORG.slug}`;

async function answer(request: APIRequestContext, method: 'GET' | 'POST', path: string) {
  const response = await request.fetch(path, {
    method,
    headers: { Origin: E2E_BASE_URL },
    maxRedirects: 0,
    ...(method === 'POST' ? { form: { format: 'csv' } } : {}),
  });
  return { status: response.status(), allow: response.headers()['allow'], body: await response.text() };
}

test('a member learns which method a download takes; anyone else gets 404', async ({ browser }) => {
  const member = await browser.newContext();
  const stranger = await browser.newContext();
  try {
    await logInByApi(member, DEMO.viewer);
    await signUpByApi(stranger, newPerson('Stranger'));

    const exportGet = await answer(member.request, 'GET', `${ORG}/audit/export`);
    expect(exportGet.status).toBe(405);
    expect(exportGet.allow).toBe('POST');
    expect(exportGet.body).not.toMatch(/Unexpected Server Error/);

    const csvPost = await answer(member.request, 'POST', `${ORG}/members/export.csv`);
    expect(csvPost.status).toBe(405);
    expect(csvPost.allow).toBe('GET');

    for (const [method, path] of [
      ['GET', `${ORG}/audit/export`],
      ['POST', `${ORG}/members/export.csv`],
    ] as const) {
      const refused = await answer(stranger.request, method, path);
      expect(refused.status, `${method} ${path} as a non-member`).toBe(404);
      expect(refused.body).not.toMatch(/Unexpected Server Error/);
    }
  } finally {
    await member.close();
    await stranger.close();
  }
});
