import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../server/db/client';
import type { MemberRole } from '../../server/domain/roles';
import { resetEnvCache } from '../../server/env';

/**
 * Points the app's configuration at a fresh data folder (for the outbox) with fixed secrets and
 * no SMTP, as on a facilitator's laptop. Returns the data folder.
 */
export function useLaptopEnvironment(databaseUrl?: string): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-auth-'));
  process.env.DATA_DIR = dataDir;
  process.env.NEXTAUTH_SECRET = 'test-nextauth-secret-0123456789abcdef';
  process.env.BOARD_TOKEN_SECRET = 'test-board-token-secret-0123456789abcdef';
  process.env.APP_URL = 'http://localhost:3999';
  process.env.NEXTAUTH_URL = 'http://localhost:3999';
  delete process.env.SMTP_URL;
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  resetEnvCache();
  return dataDir;
}

/** A person with a membership in `cohortId`. */
export async function addMember(db: Db, cohortId: string, role: MemberRole, name: string, email?: string) {
  const user = await db.user.create({ data: { name, email: email ?? null, isFacilitator: role === 'facilitator' } });
  await db.member.create({ data: { cohortId, userId: user.id, role } });
  return user;
}

/** A programme with two cohorts (A and B), a facilitator of A, and a professional of B. */
export async function seedTwoCohorts(db: Db) {
  const programme = await db.programme.create({ data: { name: 'Test Programme' } });
  const venue = await db.venue.create({ data: { name: 'Town Hall', area: 'Oxfordshire' } });
  const cohortA = await db.cohort.create({ data: { programmeId: programme.id, venueId: venue.id, name: 'Oxford' } });
  const cohortB = await db.cohort.create({ data: { programmeId: programme.id, venueId: venue.id, name: 'Bristol' } });
  const facilitatorA = await addMember(db, cohortA.id, 'facilitator', 'Fay Facilitator', 'fay@example.org');
  const professionalB = await addMember(db, cohortB.id, 'professional', 'Bo Professional', 'bo@example.org');
  return { programme, venue, cohortA, cohortB, facilitatorA, professionalB };
}

/** The outbox files written so far, oldest first, with their text. */
export function readOutbox(dataDir: string): { file: string; text: string }[] {
  const dir = path.join(dataDir, 'outbox');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => ({ file: name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

/** The first http(s) link in a text. */
export function firstLink(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`No link in:\n${text}`);
  return match[0];
}
