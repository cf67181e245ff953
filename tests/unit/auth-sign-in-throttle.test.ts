import { describe, expect, it } from 'vitest';
import { SendThrottle } from '../../server/auth/sign-in-throttle';

describe('sign-in email throttle', () => {
  it('allows the limit per address in the window, then refuses until the window has passed', () => {
    let now = 1_000_000;
    const throttle = new SendThrottle(3, 60_000, () => now);
    expect([1, 2, 3, 4].map(() => throttle.allow('fay@example.org'))).toEqual([true, true, true, false]);
    // Another address is counted on its own.
    expect(throttle.allow('bo@example.org')).toBe(true);
    now += 59_999;
    expect(throttle.allow('fay@example.org')).toBe(false);
    now += 1;
    expect(throttle.allow('fay@example.org')).toBe(true);
  });

  it('counts refused attempts nowhere, so waiting always works', () => {
    let now = 0;
    const throttle = new SendThrottle(1, 1_000, () => now);
    expect(throttle.allow('a')).toBe(true);
    for (let i = 0; i < 50; i++) expect(throttle.allow('a')).toBe(false);
    now = 1_000;
    expect(throttle.allow('a')).toBe(true);
  });
});
