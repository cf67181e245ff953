import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readOnlyReason } from '../../server/domain/permissions';
import { AUTH_BODY_LIMIT_BYTES, bodyLimitFor, DEFAULT_BODY_LIMIT_BYTES } from '../../server/http/body-limit';
import { isCrossSiteWrite } from '../../server/http/cross-site';
import { commonSecurityHeaders, pagePolicy } from '../../server/http/security-headers';
import { MAX_EDITION_IMAGE_BYTES, MAX_UPLOAD_BYTES } from '../../server/murals/images';

const APP = 'https://board.example.org';
const allowed = new Set([APP, 'https://projector.example.org']);
const request = (method: string, headers: Record<string, string>) => ({ method, headers }) as unknown as IncomingMessage;

describe('cross-site writes', () => {
  it('refuses another origin, a sibling subdomain, another port and a hidden origin', () => {
    for (const origin of ['https://evil.example', 'https://other.board.example.org', 'https://board.example.org:8443', 'null']) {
      expect(isCrossSiteWrite(request('POST', { origin }), allowed), origin).toBe(true);
    }
    expect(isCrossSiteWrite(request('DELETE', { 'sec-fetch-site': 'same-site' }), allowed)).toBe(true);
    expect(isCrossSiteWrite(request('PUT', { 'sec-fetch-site': 'cross-site' }), allowed)).toBe(true);
  });

  it('lets through our own and allowed origins, reads, and clients that are not browser pages', () => {
    expect(isCrossSiteWrite(request('POST', { origin: APP }), allowed)).toBe(false);
    expect(isCrossSiteWrite(request('POST', { origin: 'https://projector.example.org' }), allowed)).toBe(false);
    expect(isCrossSiteWrite(request('GET', { origin: 'https://evil.example' }), allowed)).toBe(false);
    expect(isCrossSiteWrite(request('POST', { 'sec-fetch-site': 'same-origin' }), allowed)).toBe(false);
    expect(isCrossSiteWrite(request('POST', {}), allowed)).toBe(false);
  });
});

describe('body limits', () => {
  it('gives sign-in kilobytes, JSON and forms kilobytes, and each upload its picture limit', () => {
    const bytes = (path: string) => bodyLimitFor(path).bytes;
    expect(bytes('/api/auth/signin/email')).toBe(AUTH_BODY_LIMIT_BYTES);
    expect(bytes('/api/boards/b1/facilitation/lock')).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(bytes('/cohorts/c1')).toBe(DEFAULT_BODY_LIMIT_BYTES);
    expect(bytes('/api/boards/b1/assets')).toBeGreaterThan(MAX_UPLOAD_BYTES);
    expect(bytes('/api/boards/b1/assets')).toBeLessThan(MAX_UPLOAD_BYTES * 1.1);
    expect(bytes('/api/boards/b1/editions')).toBeGreaterThan(MAX_EDITION_IMAGE_BYTES);
    expect(bytes('/api/boards/b1/assets/extra')).toBe(DEFAULT_BODY_LIMIT_BYTES);
  });

  it('says an upload’s limit in megabytes, as the upload’s own check does', () => {
    expect(bodyLimitFor('/api/boards/b1/assets').message(11.5 * 1024 * 1024)).toBe('That picture is 11.5 MB; the limit is 10 MB. Please choose a smaller picture.');
    expect(bodyLimitFor('/api/boards/b1/assets').message()).toMatch(/too large; the limit is 10 MB/);
    expect(bodyLimitFor('/api/auth/signin/email').message()).toMatch(/too large/);
  });
});

describe('security headers', () => {
  it('pages: scripts by nonce only, our own origin and socket only, no framing; eval only in development', () => {
    const policy = pagePolicy('abc', { origins: [APP], https: true, dev: false });
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
    expect(policy).toContain("connect-src 'self' wss://board.example.org;");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain('upgrade-insecure-requests');
    expect(policy).not.toMatch(/https?:\/\/|unsafe-eval/);
    expect(pagePolicy('abc', { origins: ['http://localhost:3000'], https: false, dev: true })).toContain("'unsafe-eval'");
  });

  it('HSTS only on https', () => {
    expect(commonSecurityHeaders({ origins: [APP], https: true, dev: false })['strict-transport-security']).toMatch(/^max-age=/);
    expect(commonSecurityHeaders({ origins: ['http://localhost:3000'], https: false, dev: false })).not.toHaveProperty('strict-transport-security');
  });
});

describe('the read-only rule', () => {
  it('says why a board is read-only, or null for an editor', () => {
    expect(readOnlyReason('edit', 'open')).toBeNull();
    expect(readOnlyReason('edit', 'locked')).toBeNull();
    expect(readOnlyReason('view', 'archived')).toBe('archived');
    expect(readOnlyReason('view', 'locked')).toBe('locked');
    expect(readOnlyReason('view', 'open')).toBe('view');
  });
});
