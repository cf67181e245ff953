import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIST_DIR, buildAppIfNeeded, startAppProcess, type AppProcess } from '../helpers/app-process';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addMember, readOutbox, seedTwoCohorts } from './auth-fixtures';
import { multipartPicture, sendLargeBody, sessionCookieFor } from './http-edge-helpers';

// The adversarial HTTP suite: the built app in its own process on a free port, a real SQLite
// file, requests made as an attacker would make them (raw bodies, forged origins, a victim's cookie).

const MB = 1024 * 1024;
/** What an attacker sends in one request: far more than any route accepts. */
const ATTACK_BYTES = 192 * MB;
/** The most the server's peak memory may grow while refusing such a request. */
const MAX_PEAK_GROWTH_BYTES = 48 * MB;

let t: TestDatabase;
let app: AppProcess;
let world: Awaited<ReturnType<typeof seed>>;

async function seed(db: TestDatabase['db']) {
  const base = await seedTwoCohorts(db);
  const board = await db.board.create({
    data: { programmeId: base.programme.id, cohortId: base.cohortA.id, kind: 'workshop', title: 'Oxford: workshop 1', template: 'workshop-1' },
  });
  const mural = await db.board.create({ data: { programmeId: base.programme.id, kind: 'mural', title: 'Mural', template: 'mural' } });
  const lay = await addMember(db, base.cohortA.id, 'lay_partner', 'Lee Lay', 'lee@example.org');
  return {
    ...base,
    board,
    mural,
    facilitatorCookie: await sessionCookieFor(db, base.facilitatorA.id),
    layCookie: await sessionCookieFor(db, lay.id),
  };
}

beforeAll(async () => {
  await buildAppIfNeeded();
  t = await createTestDatabase();
  world = await seed(t.db);
  // The app migrates the file at start-up and waits for no other connection; ours reopens on use.
  await t.db.$disconnect();
  app = await startAppProcess({ databaseUrl: t.url });
}, 600_000);

afterAll(async () => {
  await app?.stop();
  await t?.cleanup();
});

/** A request from the app's own pages: same origin, as a browser sends it. */
function ownPage(cookie?: string): Record<string, string> {
  return { origin: app.origin, 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) };
}

/** The id of a server action in the build, by the name it is exported under. */
function serverActionId(exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(APP_DIST_DIR, 'server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action named ${exportedName} in the build`);
  return found[0];
}

/** A multipart body up to where the file's bytes begin: an attacker streams its own bytes from there. */
function filePartHead(body: Uint8Array): Buffer {
  const bytes = Buffer.from(body);
  return bytes.subarray(0, bytes.indexOf('\r\n\r\n', bytes.indexOf('filename')) + 4);
}

/** How often the server's memory is read while an attack runs, in milliseconds. */
const MEMORY_SAMPLE_MS = 5;

/**
 * Sends an oversize body and returns the answer with how far the server's resident memory rose
 * above where it was, at its highest while the request ran (sampled, so one attack's peak never
 * hides another's, as the process's lifetime high-water mark would).
 */
async function attack(pathname: string, options: { headers?: Record<string, string>; contentLength?: number; prefix?: Buffer }) {
  const before = app.memoryBytes();
  let highest = before;
  const sampler = setInterval(() => (highest = Math.max(highest, app.memoryBytes())), MEMORY_SAMPLE_MS);
  try {
    const answer = await sendLargeBody(`${app.origin}${pathname}`, { totalBytes: ATTACK_BYTES, ...options });
    highest = Math.max(highest, app.memoryBytes());
    return { answer, growth: highest - before };
  } finally {
    clearInterval(sampler);
  }
}

describe('oversize bodies are refused while they stream', () => {
  it('an unauthenticated chunked POST to next-auth sign-in: 413, memory bounded', async () => {
    // Warm the route so loading its code is not counted.
    await fetch(`${app.origin}/api/auth/csrf`);
    const { answer, growth } = await attack('/api/auth/signin/email', { headers: { ...ownPage(), 'content-type': 'application/x-www-form-urlencoded' } });
    expect.soft(answer.status).toBe(413);
    expect.soft(answer.body).toMatch(/too large/);
    expect(answer.bytesSent).toBeLessThan(ATTACK_BYTES);
    expect(growth).toBeLessThan(MAX_PEAK_GROWTH_BYTES);
  });

  it('an upload to a board that does not exist: refused before its body is read', async () => {
    const { body, contentType } = multipartPicture('file');
    const { answer, growth } = await attack('/api/boards/no-such-board/assets', {
      headers: { ...ownPage(world.layCookie), 'content-type': contentType },
      prefix: filePartHead(body),
    });
    expect.soft(answer.status).toBe(404);
    expect.soft(answer.bytesSent).toBeLessThan(ATTACK_BYTES);
    expect(growth).toBeLessThan(MAX_PEAK_GROWTH_BYTES);
  });

  it('an upload over the picture limit by someone who may upload: 413, memory bounded', async () => {
    const { body, contentType } = multipartPicture('file');
    const { answer, growth } = await attack(`/api/boards/${world.board.id}/assets`, {
      headers: { ...ownPage(world.facilitatorCookie), 'content-type': contentType },
      prefix: filePartHead(body),
    });
    expect.soft(answer.status).toBe(413);
    expect.soft(answer.body).toMatch(/the limit is 10 MB/);
    expect(growth).toBeLessThan(MAX_PEAK_GROWTH_BYTES);
    // Within the limit, the same upload works.
    const { body: small, contentType: smallType } = multipartPicture('file');
    const stored = await fetch(`${app.origin}/api/boards/${world.board.id}/assets`, {
      method: 'POST',
      headers: { ...ownPage(world.facilitatorCookie), 'content-type': smallType },
      body: small,
    });
    expect(stored.status).toBe(201);
  });

  it('a JSON route with a valid session: 413 for a chunked body, memory bounded', async () => {
    const { answer, growth } = await attack(`/api/boards/${world.board.id}/facilitation/timer`, {
      headers: { ...ownPage(world.facilitatorCookie), 'content-type': 'application/json' },
    });
    expect.soft(answer.status).toBe(413);
    expect(growth).toBeLessThan(MAX_PEAK_GROWTH_BYTES);
  });

  it('a server action: 413 for a chunked body, memory bounded', async () => {
    const { answer, growth } = await attack('/sign-in', {
      headers: { ...ownPage(), 'next-action': serverActionId('requestSignInAction'), 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect.soft(answer.status).toBe(413);
    expect(growth).toBeLessThan(MAX_PEAK_GROWTH_BYTES);
  });

  it('a declared Content-Length over the limit is refused before any of the body is read', async () => {
    const answer = await sendLargeBody(`${app.origin}/api/boards/${world.board.id}/versions`, {
      headers: { ...ownPage(world.facilitatorCookie), 'content-type': 'application/json' },
      totalBytes: 0,
      contentLength: 10 * MB,
    });
    expect(answer.status).toBe(413);
    expect(answer.bytesSent).toBe(0);
    // A server that waits for the body never answers: give up well before the suite's timeout.
  }, 20_000);
});

describe('cross-site requests with a victim cookie are refused', () => {
  /** Pages that are not ours but count as the same site for SameSite=Lax. */
  const attackers = (): Record<string, string>[] => [
    { origin: `http://localhost:${app.port + 1}`, 'sec-fetch-site': 'same-site' },
    { origin: `http://attacker.localhost:${app.port}`, 'sec-fetch-site': 'same-site' },
    { origin: 'null', 'sec-fetch-site': 'cross-site' },
    { 'sec-fetch-site': 'same-site' },
  ];

  const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });
  const writes = () => {
    const picture = multipartPicture('image', { title: 'Stolen' });
    const file = multipartPicture('file');
    return [
      { name: 'lock a board', method: 'POST', path: `/api/boards/${world.board.id}/facilitation/lock`, ...json({ locked: true }) },
      { name: 'make a display link', method: 'POST', path: `/api/boards/${world.board.id}/facilitation/display-link-create`, ...json({}) },
      { name: 'save a version', method: 'POST', path: `/api/boards/${world.board.id}/versions`, ...json({ name: 'Forged' }) },
      { name: 'restore a version', method: 'POST', path: `/api/boards/${world.board.id}/versions/some-version/restore`, ...json({}) },
      { name: 'upload a picture', method: 'POST', path: `/api/boards/${world.board.id}/assets`, 'content-type': file.contentType, body: file.body },
      { name: 'replace a thumbnail', method: 'POST', path: `/api/boards/${world.board.id}/thumbnail`, 'content-type': picture.contentType, body: picture.body },
      { name: 'publish an edition', method: 'POST', path: `/api/boards/${world.mural.id}/editions`, 'content-type': picture.contentType, body: picture.body },
      { name: 'make a share link', method: 'POST', path: '/api/editions/some-edition/share-links', ...json({}) },
      { name: 'revoke a share link', method: 'DELETE', path: '/api/editions/some-edition/share-links/some-link', ...json({}) },
      { name: 'sign out (next-auth)', method: 'POST', path: '/api/auth/signout', 'content-type': 'application/x-www-form-urlencoded', body: 'csrfToken=x' },
      {
        name: 'a server action (create a programme)',
        method: 'POST',
        path: '/programmes',
        'content-type': 'text/plain;charset=UTF-8',
        body: '[]',
        action: 'createProgrammeAction',
      },
    ];
  };

  it('answers 403 with a reason on every state-changing route and action, from every other origin', async () => {
    const seen: string[] = [];
    for (const write of writes()) {
      for (const attacker of attackers()) {
        const response = await fetch(`${app.origin}${write.path}`, {
          method: write.method,
          headers: {
            ...attacker,
            cookie: world.facilitatorCookie,
            'content-type': write['content-type'],
            ...(write.action ? { 'next-action': serverActionId(write.action) } : {}),
          },
          body: write.body,
          redirect: 'manual',
        });
        seen.push(`${write.name} from ${attacker.origin ?? `no origin, ${attacker['sec-fetch-site']}`}: ${response.status}`);
        if (response.status === 403) expect(await response.json()).toEqual({ error: expect.stringMatching(/another website/) });
      }
    }
    expect(seen.filter((line) => !line.endsWith(': 403'))).toEqual([]);
    const board = await t.db.board.findUniqueOrThrow({ where: { id: world.board.id } });
    expect(board.state).toBe('open');
    expect(await t.db.boardVersion.count({ where: { boardId: world.board.id } })).toBe(0);
    expect(await t.db.displayLink.count()).toBe(0);

    // The app's own pages still get through: the check is not a blanket refusal.
    const own = await fetch(`${app.origin}/api/boards/${world.board.id}/facilitation/lock`, {
      method: 'POST',
      headers: { ...ownPage(world.facilitatorCookie), 'content-type': 'application/json' },
      body: JSON.stringify({ locked: false }),
    });
    expect(own.status).toBe(200);
  });
});

describe('sign-in never reveals who is enrolled', () => {
  /** next-auth's own email sign-in, posted as its form would be (with its CSRF double-submit cookie). */
  async function nextAuthEmailSignIn(email: string) {
    const csrf = await fetch(`${app.origin}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const response = await fetch(`${app.origin}/api/auth/signin/email`, {
      method: 'POST',
      headers: { ...ownPage(), cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, callbackUrl: `${app.origin}/`, json: 'true' }),
      redirect: 'manual',
    });
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  }

  /** The app's own sign-in form, sent as a browser without JavaScript sends it (its hidden action fields included). */
  async function appFormSignIn(email: string) {
    const page = await (await fetch(`${app.origin}/sign-in`)).text();
    const form = /<form[^>]*>[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
    const body = new FormData();
    for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) body.append(name, value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    }
    body.append('email', email);
    const response = await fetch(`${app.origin}/sign-in`, { method: 'POST', headers: ownPage(), body, redirect: 'manual' });
    return { status: response.status, location: response.headers.get('location') };
  }

  it('every sign-in path answers the same for an enrolled and an unknown address', async () => {
    // next-auth's own email route: closed, so it sends nothing to anyone.
    const before = readOutbox(app.dataDir).length;
    const enrolled = await nextAuthEmailSignIn('fay@example.org');
    const unknown = await nextAuthEmailSignIn('nobody@example.org');
    expect(enrolled).toEqual(unknown);
    expect(readOutbox(app.dataDir)).toHaveLength(before);
    // The app's form: the same next page whoever asks; only the enrolled address gets an email.
    const enrolledForm = await appFormSignIn('fay@example.org');
    expect(enrolledForm).toEqual({ status: 303, location: '/sign-in/check-email' });
    expect(await appFormSignIn('nobody@example.org')).toEqual(enrolledForm);
    expect(readOutbox(app.dataDir)).toHaveLength(before + 1);
  });
});

describe('one copy of each library in the server process', () => {
  /** Every JavaScript file of the build's server side, with its text. */
  const serverFiles = () =>
    fs
      .readdirSync(path.join(APP_DIST_DIR, 'server'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .map((entry) => ({ file: path.join(entry.parentPath, entry.name), text: fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8') }));

  it('the app’s server bundles load Yjs and tldraw’s data libraries from node_modules, as the custom server does, and bundle the rest of tldraw once', () => {
    const files = serverFiles();
    // Yjs marks the process when it loads, and warns "Yjs was already imported" at a second copy.
    expect(files.filter((f) => f.text.includes('__ $YJS$ __')).map((f) => f.file)).toEqual([]);
    // Each tldraw library registers its name and version when it loads, and warns at a second copy.
    const registered = new Map<string, number>();
    for (const { text } of files) for (const [, name] of text.matchAll(/"((?:@tldraw\/[a-z-]+)|tldraw)","\d+\.\d+\.\d+"/g)) registered.set(name, (registered.get(name) ?? 0) + 1);
    for (const shared of ['@tldraw/state', '@tldraw/store', '@tldraw/tlschema', '@tldraw/utils', '@tldraw/validate']) expect(registered.get(shared), shared).toBeUndefined();
    for (const [name, copies] of registered) expect(copies, name).toBe(1);
  });
});

describe('security headers', () => {
  it('a page carries a nonce-based CSP that its own scripts satisfy, and the other headers', async () => {
    const response = await fetch(`${app.origin}/sign-in`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("img-src 'self' data: blob:");
    expect(policy).toMatch(new RegExp(`connect-src 'self' ws://localhost:${app.port}(;|$)`));
    expect(policy).not.toContain('unsafe-eval');
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // A fresh nonce per answer.
    const again = (await fetch(`${app.origin}/sign-in`)).headers.get('content-security-policy');
    expect(again).not.toBe(policy);
    // No HSTS on plain http: it would lock a laptop on a venue network out of the app.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('API answers, uploads and exports carry a policy under which nothing runs', async () => {
    const { body, contentType } = multipartPicture('file');
    const uploaded = (await (
      await fetch(`${app.origin}/api/boards/${world.board.id}/assets`, { method: 'POST', headers: { ...ownPage(world.facilitatorCookie), 'content-type': contentType }, body })
    ).json()) as { src: string };
    const answers = [
      await fetch(`${app.origin}/api/health`),
      await fetch(`${app.origin}${uploaded.src}`, { headers: { cookie: world.facilitatorCookie } }),
      await fetch(`${app.origin}/api/boards/${world.board.id}/notes?format=csv`, { headers: { cookie: world.facilitatorCookie } }),
      await fetch(`${app.origin}/api/boards/${world.board.id}/token`),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 401]);
    for (const answer of answers) {
      expect(answer.headers.get('content-security-policy')).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('permissions-policy')).toContain('camera=()');
    }
  });
});

describe('on an https address', () => {
  let secure: AppProcess;
  let secureDb: TestDatabase;
  beforeAll(async () => {
    // Its own database file: two servers must not migrate one file at once.
    secureDb = await createTestDatabase();
    await secureDb.db.$disconnect();
    secure = await startAppProcess({ databaseUrl: secureDb.url, env: { APP_URL: 'https://board.example.org', NEXTAUTH_URL: 'https://board.example.org' } });
  }, 120_000);
  afterAll(async () => {
    await secure?.stop();
    await secureDb?.cleanup();
  });

  it('sends HSTS, Secure cookies and a policy that upgrades any http address', async () => {
    const response = await fetch(`${secure.origin}/api/auth/csrf`);
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/i);
    const page = await fetch(`${secure.origin}/sign-in`);
    expect(page.headers.get('content-security-policy')).toContain('connect-src \'self\' wss://board.example.org');
    expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});
