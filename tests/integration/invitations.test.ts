import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acceptInvitation,
  createInvitation,
  describeInvitation,
  hashInvitationToken,
  listInvitations,
  revokeInvitation,
} from '../../server/auth/invitations';
import { hashVerificationToken } from '../../server/auth/magic-link';
import { AppError } from '../../server/errors';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { addMember, firstLink, readOutbox, seedTwoCohorts, useLaptopEnvironment } from './auth-fixtures';

let t: TestDatabase;
let dataDir: string;
let world: Awaited<ReturnType<typeof seedTwoCohorts>>;
const facilitator = () => ({ id: world.facilitatorA.id, isFacilitator: true });

beforeEach(async () => {
  t = await createTestDatabase();
  dataDir = useLaptopEnvironment();
  world = await seedTwoCohorts(t.db);
});

afterEach(async () => {
  await t.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The AppError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function invite(input: Record<string, unknown> = {}) {
  return createInvitation(t.db, facilitator(), world.cohortA.id, { role: 'professional', kind: 'single', ...input });
}

describe('creating invitations', () => {
  it('stores only a hash of the token, never the token', async () => {
    const { invitation, token, url } = await invite();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`http://localhost:3999/invite/${token}`);
    const stored = await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.tokenHash).toBe(hashInvitationToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('defaults to 14 days and a single person', async () => {
    const before = Date.now();
    const { invitation } = await invite();
    expect(invitation.singleUse).toBe(true);
    const days = (invitation.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);
  });

  it('answers bad input with field-level messages', async () => {
    const error = await failure(invite({ role: 'boss', expiresInDays: '500' }));
    expect(error.code).toBe('invalid_input');
    expect(error.fieldErrors?.role?.[0]).toBe('Choose who this invitation is for.');
    expect(error.fieldErrors?.expiresInDays?.[0]).toMatch(/at most 90 days/);
  });

  it('gives 404 to someone outside the cohort and 403 to a participant in it', async () => {
    const outsider = await failure(
      createInvitation(t.db, { id: world.professionalB.id, isFacilitator: false }, world.cohortA.id, { role: 'professional', kind: 'single' }),
    );
    expect(outsider.code).toBe('not_found');
    const participant = await addMember(t.db, world.cohortA.id, 'lay_partner', 'Lee Lay');
    const refused = await failure(
      createInvitation(t.db, { id: participant.id, isFacilitator: false }, world.cohortA.id, { role: 'professional', kind: 'single' }),
    );
    expect(refused.code).toBe('forbidden');
  });

  it('lists invitations with their status and lets only the cohort facilitator revoke', async () => {
    const used = await invite();
    await acceptInvitation(t.db, used.token, { name: 'Pat' }, null);
    const revoked = await invite({ kind: 'group' });
    const active = await invite({ role: 'lay_partner' });
    const outsider = await failure(revokeInvitation(t.db, { id: world.professionalB.id, isFacilitator: false }, revoked.invitation.id));
    expect(outsider.code).toBe('not_found');
    await revokeInvitation(t.db, facilitator(), revoked.invitation.id);
    await t.db.invitation.create({
      data: { tokenHash: 'x'.repeat(64), cohortId: world.cohortA.id, role: 'professional', createdById: world.facilitatorA.id, expiresAt: new Date(Date.now() - 1000) },
    });
    const { cohort, invitations: list } = await listInvitations(t.db, facilitator(), world.cohortA.id);
    expect(cohort).toEqual({ id: world.cohortA.id, name: 'Oxford', venue: 'Town Hall', area: 'Oxfordshire' });
    const statusOf = (id: string) => list.find((row) => row.id === id)?.status;
    expect(statusOf(used.invitation.id)).toBe('used');
    expect(statusOf(revoked.invitation.id)).toBe('revoked');
    expect(statusOf(active.invitation.id)).toBe('active');
    expect(list.filter((row) => row.status === 'expired')).toHaveLength(1);
    expect((await failure(listInvitations(t.db, { id: world.professionalB.id, isFacilitator: false }, world.cohortA.id))).code).toBe('not_found');
  });
});

describe('accepting invitations', () => {
  it('creates the person, their membership and a signed-in session', async () => {
    const { token, invitation } = await invite({ role: 'lay_partner' });
    const result = await acceptInvitation(t.db, token, { name: '  Lee Lay  ', email: '' }, null);
    expect(result.outcome).toBe('joined');
    if (result.outcome !== 'joined') return;
    const user = await t.db.user.findUniqueOrThrow({ where: { id: result.userId }, include: { memberships: true, sessions: true } });
    expect(user.name).toBe('Lee Lay');
    expect(user.email).toBeNull();
    expect(user.memberships).toEqual([expect.objectContaining({ cohortId: world.cohortA.id, role: 'lay_partner' })]);
    expect(user.sessions.map((s) => s.sessionToken)).toEqual([result.session?.sessionToken]);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).uses).toBe(1);
  });

  it('makes a facilitator invitation a facilitator member of the cohort only', async () => {
    const { token } = await invite({ role: 'facilitator' });
    const result = await acceptInvitation(t.db, token, { name: 'Co Facilitator' }, null);
    if (result.outcome !== 'joined') throw new Error(result.outcome);
    const members = await t.db.member.findMany({ where: { userId: result.userId } });
    expect(members).toEqual([expect.objectContaining({ cohortId: world.cohortA.id, role: 'facilitator' })]);
    expect(await t.db.programmeStaff.count({ where: { userId: result.userId } })).toBe(0);
  });

  it('refuses a used single-person invitation', async () => {
    const { token } = await invite();
    await acceptInvitation(t.db, token, { name: 'First' }, null);
    const error = await failure(acceptInvitation(t.db, token, { name: 'Second' }, null));
    expect(error.code).toBe('gone');
    expect(error.message).toMatch(/already been used/);
    expect(await t.db.user.count({ where: { name: 'Second' } })).toBe(0);
  });

  it('lets only one of two simultaneous submissions use a single-person invitation', async () => {
    const { token } = await invite();
    const results = await Promise.allSettled([
      acceptInvitation(t.db, token, { name: 'Racer One' }, null),
      acceptInvitation(t.db, token, { name: 'Racer Two' }, null),
      acceptInvitation(t.db, token, { name: 'Racer Three' }, null),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r.reason as AppError).code).toBe('gone');
    expect(await t.db.member.count({ where: { cohortId: world.cohortA.id, role: 'professional' } })).toBe(1);
    expect(await t.db.user.count({ where: { name: { startsWith: 'Racer' } } })).toBe(1);
  });

  it('refuses expired and revoked invitations with a kind message', async () => {
    const expired = await invite();
    await t.db.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const e1 = await failure(acceptInvitation(t.db, expired.token, { name: 'Late' }, null));
    expect([e1.code, e1.message]).toEqual(['gone', 'This invitation has expired. Please ask your facilitator for a new link.']);

    const revoked = await invite();
    await revokeInvitation(t.db, facilitator(), revoked.invitation.id);
    const e2 = await failure(acceptInvitation(t.db, revoked.token, { name: 'Withdrawn' }, null));
    expect(e2.code).toBe('gone');
    expect(e2.message).toMatch(/withdrawn/);
    expect((await describeInvitation(t.db, revoked.token))?.status).toBe('revoked');
  });

  it('lets a group link be used by many people until it expires', async () => {
    const { token, invitation } = await invite({ kind: 'group', role: 'lay_partner' });
    for (const name of ['Ann', 'Ben', 'Cat']) {
      expect((await acceptInvitation(t.db, token, { name }, null)).outcome).toBe('joined');
    }
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).uses).toBe(3);
    expect(await t.db.member.count({ where: { cohortId: world.cohortA.id, role: 'lay_partner' } })).toBe(3);
  });

  it('never signs in an existing account from the form: it emails that address a link back instead', async () => {
    const { token, invitation } = await invite();
    const result = await acceptInvitation(t.db, token, { name: 'Impostor', email: 'BO@example.org ' }, null);
    expect(result).toEqual({ outcome: 'check-email', email: 'bo@example.org' });
    expect(await t.db.session.count()).toBe(0);
    expect(await t.db.member.count({ where: { cohortId: world.cohortA.id, userId: world.professionalB.id } })).toBe(0);
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).uses).toBe(0);

    const [email] = readOutbox(dataDir);
    expect(email.file).toContain('bo@example.org');
    const link = new URL(firstLink(email.text));
    expect(link.pathname).toBe('/api/auth/callback/email');
    expect(link.searchParams.get('callbackUrl')).toBe(`http://localhost:3999/invite/${token}`);
    const stored = await t.db.verificationToken.findFirstOrThrow({ where: { identifier: 'bo@example.org' } });
    expect(stored.token).toBe(hashVerificationToken(link.searchParams.get('token') ?? ''));
  });

  it('joins a signed-in person as themselves, once', async () => {
    const { token, invitation } = await invite({ kind: 'group' });
    const joined = await acceptInvitation(t.db, token, {}, world.professionalB.id);
    expect(joined).toEqual({ outcome: 'joined', userId: world.professionalB.id, cohortId: world.cohortA.id });
    const again = await acceptInvitation(t.db, token, {}, world.professionalB.id);
    expect(again.outcome).toBe('already-member');
    expect((await t.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).uses).toBe(1);
  });

  it('asks for a name and checks the email', async () => {
    const { token } = await invite();
    const error = await failure(acceptInvitation(t.db, token, { name: '   ', email: 'not-an-email' }, null));
    expect(error.code).toBe('invalid_input');
    expect(error.fieldErrors?.name).toEqual(['Enter your name.']);
    expect(error.fieldErrors?.email?.[0]).toMatch(/like name@example.org/);
  });

  it('answers unknown and malformed links with not found', async () => {
    expect(await describeInvitation(t.db, 'A'.repeat(43))).toBeNull();
    expect(await describeInvitation(t.db, '../../etc')).toBeNull();
    expect((await failure(acceptInvitation(t.db, 'A'.repeat(43), { name: 'X' }, null))).code).toBe('not_found');
  });

  it('describes the cohort, venue and role for the join page', async () => {
    const { token } = await invite({ role: 'lay_partner' });
    expect(await describeInvitation(t.db, token)).toMatchObject({
      status: 'active',
      role: 'lay_partner',
      cohortName: 'Oxford',
      venueName: 'Town Hall',
      area: 'Oxfordshire',
      programmeName: 'Test Programme',
    });
  });
});
