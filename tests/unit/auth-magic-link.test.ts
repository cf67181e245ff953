import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashVerificationToken, normalizeEmail, safeCallbackPath, signInEmailText } from '../../server/auth/magic-link';

// next-auth's own hashing, loaded by file path (its package.json does not export it), so our
// links are proved to be the ones next-auth's callback accepts.
const { hashToken } = createRequire(import.meta.url)(path.resolve('node_modules/next-auth/core/lib/utils.js')) as {
  hashToken(token: string, options: { provider: { secret?: string }; secret: string }): string;
};

describe('sign-in links', () => {
  it('hash tokens exactly as next-auth does', () => {
    expect(hashVerificationToken('abc123', 'the-secret')).toBe(hashToken('abc123', { provider: {}, secret: 'the-secret' }));
  });

  it('only ever return to a path on this site', () => {
    expect(safeCallbackPath('/cohorts/abc?x=1')).toBe('/cohorts/abc?x=1');
    expect(safeCallbackPath('https://evil.example/')).toBe('/');
    expect(safeCallbackPath('//evil.example/')).toBe('/');
    expect(safeCallbackPath('/\\evil.example/')).toBe('/');
    expect(safeCallbackPath(undefined)).toBe('/');
    expect(safeCallbackPath(['/a'])).toBe('/');
  });

  it('normalise email addresses the way next-auth stores them', () => {
    expect(normalizeEmail('  Ann.Example@Example.ORG ')).toBe('ann.example@example.org');
  });

  it('are sent in plain words with the link on a line of its own', () => {
    const { subject, text } = signInEmailText('http://localhost:3000/api/auth/callback/email?token=t');
    expect(subject).toBe('Your link to sign in to Together Board');
    expect(text.split('\n')).toContain('http://localhost:3000/api/auth/callback/email?token=t');
    expect(text).toMatch(/works once, for the next 24 hours/);
  });
});
