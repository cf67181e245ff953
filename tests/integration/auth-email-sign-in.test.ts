import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AuthOptions } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { createSignInLink } from '../../server/auth/magic-link';
import { authOptions } from '../../server/auth/options';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { firstLink, readOutbox, seedTwoCohorts, useLaptopEnvironment } from './auth-fixtures';

// The real next-auth request handler with our options against a real SQLite file: the same
// code the /api/auth route runs, without an HTTP server in between. next-auth does not export
// its core through package.json, so it is loaded by file path.
interface InternalRequest {
  action: string;
  method: string;
  providerId?: string;
  cookies: Record<string, string | undefined>;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, string>;
  error?: string;
}
interface InternalResponse {
  redirect?: string;
  body?: unknown;
  cookies?: { name: string; value: string; options: Record<string, unknown> }[];
}
const { AuthHandler } = createRequire(import.meta.url)(path.resolve('node_modules/next-auth/core/index.js')) as {
  AuthHandler(params: { req: InternalRequest; options: AuthOptions }): Promise<InternalResponse>;
};

let t: TestDatabase;
let dataDir: string;
const ORIGIN = 'http://localhost:3999';

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = useLaptopEnvironment(t.url);
  await seedTwoCohorts(t.db);
});

afterAll(async () => {
  await db().$disconnect();
  await t.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function handle(req: InternalRequest) {
  return AuthHandler({ req: { headers: { host: 'localhost:3999' }, ...req }, options: authOptions() });
}

function cookieValue(cookies: { name: string; value: string }[] | undefined, name: string): string | undefined {
  return cookies?.find((c) => c.name === name)?.value;
}

/** Posts the email sign-in form the way the browser does, with next-auth's CSRF double-submit cookie. */
async function requestLink(email: string, callbackUrl = `${ORIGIN}/`) {
  const csrf = await handle({ action: 'csrf', method: 'GET', cookies: {} });
  const csrfCookie = cookieValue(csrf.cookies, 'next-auth.csrf-token');
  return handle({
    action: 'signin',
    providerId: 'email',
    method: 'POST',
    cookies: { 'next-auth.csrf-token': csrfCookie },
    body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, email, callbackUrl },
  });
}

async function openLink(link: string) {
  const url = new URL(link);
  return handle({ action: 'callback', providerId: 'email', method: 'GET', cookies: {}, query: Object.fromEntries(url.searchParams) });
}

describe('email sign-in without SMTP', () => {
  it('writes the link to the outbox, signs in once, and exposes id and isFacilitator', async () => {
    const asked = await requestLink(' Fay@Example.org', `${ORIGIN}/programmes`);
    expect(asked.redirect).toBe(`${ORIGIN}/api/auth/verify-request?provider=email&type=email`);
    const emails = readOutbox(dataDir).filter((e) => e.file.includes('fay@example.org'));
    expect(emails).toHaveLength(1);
    expect(emails[0].text).toContain('Subject: Your link to sign in to Together Board');
    const link = firstLink(emails[0].text);

    const opened = await openLink(link);
    expect(opened.redirect).toBe(`${ORIGIN}/programmes`);
    const sessionToken = cookieValue(opened.cookies, 'next-auth.session-token');
    expect(sessionToken).toBeTruthy();
    const cookie = opened.cookies?.find((c) => c.name === 'next-auth.session-token');
    expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: 'lax' });

    const session = await handle({ action: 'session', method: 'GET', cookies: { 'next-auth.session-token': sessionToken } });
    expect(session.body).toMatchObject({ user: { email: 'fay@example.org', name: 'Fay Facilitator', isFacilitator: true } });
    expect((session.body as { user: { id: string } }).user.id).toMatch(/^c/);

    const reused = await openLink(link);
    expect(reused.redirect).toBe(`${ORIGIN}/api/auth/error?error=Verification`);
    const errorPage = await handle({ action: 'error', method: 'GET', cookies: {}, error: 'Verification' });
    expect(errorPage.redirect).toBe('/sign-in/error?error=Verification');
  });

  it('sends nothing to an address with no account but shows the same next page', async () => {
    const before = readOutbox(dataDir).length;
    const asked = await requestLink('stranger@example.org');
    expect(asked.redirect).toBe(`${ORIGIN}/sign-in/check-email`);
    expect(readOutbox(dataDir)).toHaveLength(before);
    expect(await t.db.verificationToken.count({ where: { identifier: 'stranger@example.org' } })).toBe(0);
    expect(await t.db.user.count({ where: { email: 'stranger@example.org' } })).toBe(0);
  });

  it('accepts links we create ourselves (start-up help, create-facilitator) and refuses tampered ones', async () => {
    const link = await createSignInLink(t.db, 'bo@example.org', '/cohorts');
    const tampered = new URL(link);
    tampered.searchParams.set('email', 'fay@example.org');
    expect((await openLink(tampered.toString())).redirect).toBe(`${ORIGIN}/api/auth/error?error=Verification`);
    const opened = await openLink(link);
    expect(opened.redirect).toBe(`${ORIGIN}/cohorts`);
    expect(cookieValue(opened.cookies, 'next-auth.session-token')).toBeTruthy();
  });

  it('sends one address at most five links in 15 minutes, and the page looks the same either way', async () => {
    const toBo = () => readOutbox(dataDir).filter((e) => e.file.includes('bo@example.org')).length;
    const before = toBo();
    for (let i = 0; i < 7; i++) {
      const asked = await requestLink('bo@example.org');
      expect(asked.redirect).toBe(`${ORIGIN}/api/auth/verify-request?provider=email&type=email`);
    }
    // The default limit (server/env.ts): this test's environment does not set one.
    expect(process.env.SIGN_IN_EMAILS_PER_15_MIN).toBeUndefined();
    expect(toBo() - before).toBe(5);
  });

  it('never redirects off-site after signing in', async () => {
    const link = new URL(await createSignInLink(t.db, 'bo@example.org'));
    link.searchParams.set('callbackUrl', 'https://evil.example/steal');
    expect((await openLink(link.toString())).redirect).toBe(ORIGIN);
  });
});
