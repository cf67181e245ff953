import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendThrottle } from '../../server/auth/sign-in-throttle';

// No Redis link: the in-memory limiter of rate-limiter-flexible, on vitest's fake clock.
describe('sign-in email throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('allows the limit per address in the window, then refuses until the window has passed', async () => {
    const throttle = new SendThrottle(3, 60_000, null);
    const sends = [];
    for (let i = 0; i < 4; i++) sends.push(await throttle.allowSend('fay@example.org'));
    expect(sends).toEqual([true, true, true, false]);
    // Another address is counted on its own.
    expect(await throttle.allowSend('bo@example.org')).toBe(true);
    vi.setSystemTime(1_000_000 + 59_999);
    expect(await throttle.allowSend('fay@example.org')).toBe(false);
    vi.setSystemTime(1_000_000 + 60_000);
    expect(await throttle.allowSend('fay@example.org')).toBe(true);
  });

  it('never lengthens the wait for refused attempts, so waiting always works', async () => {
    const throttle = new SendThrottle(1, 1_000, null);
    expect(await throttle.allowSend('a')).toBe(true);
    for (let i = 0; i < 50; i++) expect(await throttle.allowSend('a')).toBe(false);
    vi.setSystemTime(1_000_000 + 1_000);
    expect(await throttle.allowSend('a')).toBe(true);
  });

  it('refuses a window that is not whole seconds (the limiter counts in seconds)', () => {
    expect(() => new SendThrottle(1, 1_500, null)).toThrow(/whole seconds/);
  });
});
