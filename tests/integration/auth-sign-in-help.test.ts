import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInHelpLines } from '../../server/auth/sign-in-help';
import { db } from '../../server/db/client';
import { DEMO_FACILITATOR_EMAIL } from '../../server/db/demo-seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { useLaptopEnvironment } from './auth-fixtures';

let t: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dataDir = useLaptopEnvironment(t.url);
});

afterAll(async () => {
  await db().$disconnect();
  await t.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the help printed after start-up', () => {
  it('explains how to create the first facilitator on an empty deployment', async () => {
    const text = (await signInHelpLines('http://localhost:3999')).join('\n');
    expect(text).toContain('There is no facilitator yet');
    expect(text).toContain('npm run create-facilitator -- --email you@example.org --name "Your Name"');
    expect(text).toContain('No SMTP_URL is set');
  });

  it('points facilitators at the sign-in page once one exists', async () => {
    await t.db.user.create({ data: { email: 'real@example.org', name: 'Real Facilitator', isFacilitator: true } });
    const text = (await signInHelpLines('http://localhost:3999')).join('\n');
    expect(text).toContain('Facilitators sign in at http://localhost:3999/sign-in');
    expect(text).not.toContain('/api/auth/callback/email');
  });

  it('prints a fresh one-time link for the demo facilitator', async () => {
    await t.db.user.create({ data: { email: DEMO_FACILITATOR_EMAIL, name: 'Demo Facilitator', isFacilitator: true } });
    const lines = await signInHelpLines('http://localhost:3999');
    const link = lines.map((line) => line.trim()).find((line) => line.startsWith('http://localhost:3999/api/auth/callback/email?'));
    expect(new URL(link ?? 'http://x').searchParams.get('email')).toBe(DEMO_FACILITATOR_EMAIL);
    expect(await t.db.verificationToken.count({ where: { identifier: DEMO_FACILITATOR_EMAIL } })).toBe(1);
  });
});
