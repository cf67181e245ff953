import { describe, expect, it } from 'vitest';
import {
  AcceptInvitationInput,
  CreateInvitationInput,
  generateInvitationToken,
  hashInvitationToken,
  invitationStatus,
  invitationUrl,
  tokenMatches,
} from '../../server/auth/invitations';

const NOW = new Date('2026-03-01T10:00:00Z');
const later = new Date('2026-03-15T10:00:00Z');
const earlier = new Date('2026-02-28T10:00:00Z');

describe('invitationStatus', () => {
  it('is active while unused, unrevoked and unexpired', () => {
    expect(invitationStatus({ singleUse: true, uses: 0, expiresAt: later, revokedAt: null }, NOW)).toBe('active');
  });
  it('is used once a single-person link has been used, but a group link stays active', () => {
    expect(invitationStatus({ singleUse: true, uses: 1, expiresAt: later, revokedAt: null }, NOW)).toBe('used');
    expect(invitationStatus({ singleUse: false, uses: 30, expiresAt: later, revokedAt: null }, NOW)).toBe('active');
  });
  it('is expired at the expiry instant, not a moment later', () => {
    expect(invitationStatus({ singleUse: false, uses: 0, expiresAt: NOW, revokedAt: null }, NOW)).toBe('expired');
    expect(invitationStatus({ singleUse: false, uses: 0, expiresAt: earlier, revokedAt: null }, NOW)).toBe('expired');
  });
  it('says revoked before anything else, then used before expired', () => {
    expect(invitationStatus({ singleUse: true, uses: 1, expiresAt: earlier, revokedAt: earlier }, NOW)).toBe('revoked');
    expect(invitationStatus({ singleUse: true, uses: 1, expiresAt: earlier, revokedAt: null }, NOW)).toBe('used');
  });
});

describe('invitation tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const a = generateInvitationToken();
    const b = generateInvitationToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });
  it('are stored as a SHA-256 hash that matches only the right token', () => {
    const token = generateInvitationToken();
    const hash = hashInvitationToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(tokenMatches(token, hash)).toBe(true);
    expect(tokenMatches(generateInvitationToken(), hash)).toBe(false);
    expect(tokenMatches(token, 'not-a-hash')).toBe(false);
  });
  it('make a link on the given origin', () => {
    expect(invitationUrl('abc', 'https://board.example.org')).toBe('https://board.example.org/invite/abc');
  });
});

describe('invitation input', () => {
  it('defaults to 14 days and turns an empty note into none', () => {
    expect(CreateInvitationInput.parse({ role: 'lay_partner', kind: 'group', label: '  ' })).toEqual({
      role: 'lay_partner',
      kind: 'group',
      expiresInDays: 14,
      label: null,
    });
  });
  it('explains each bad field in plain words', () => {
    const result = CreateInvitationInput.safeParse({ role: 'admin', kind: 'many', expiresInDays: '0' });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error?.issues.map((i) => [i.path[0], i.message]) ?? []);
    expect(messages).toEqual({
      role: 'Choose who this invitation is for.',
      kind: 'Choose one person or a group link.',
      expiresInDays: 'The link must work for at least 1 day.',
    });
  });
  it('asks a joining person for a name only; the email is optional but must look like one', () => {
    expect(AcceptInvitationInput.parse({ name: ' Ann ', email: '' })).toEqual({ name: 'Ann', email: undefined });
    expect(AcceptInvitationInput.parse({ name: 'Ann', email: 'ann@example.org' })).toEqual({ name: 'Ann', email: 'ann@example.org' });
    expect(AcceptInvitationInput.safeParse({ name: '' }).error?.issues[0]?.message).toBe('Enter your name.');
    expect(AcceptInvitationInput.safeParse({ name: 'Ann', email: 'ann' }).error?.issues[0]?.message).toBe(
      'Enter an email address like name@example.org, or leave it empty.',
    );
  });
});
