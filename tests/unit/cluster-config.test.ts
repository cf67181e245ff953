import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { clusterEnv, makeNodeId } from '../../server/cluster/config';

describe('cluster configuration', () => {
  it('reads REDIS_URL, NODE_ID and the key prefix, with one node by default', () => {
    expect(clusterEnv({})).toEqual({ REDIS_KEY_PREFIX: 'together-board:' });
    expect(clusterEnv({ REDIS_URL: 'redis://:pw@redis.internal:6379/2', NODE_ID: 'web-2' })).toMatchObject({
      REDIS_URL: 'redis://:pw@redis.internal:6379/2',
      NODE_ID: 'web-2',
    });
    expect(clusterEnv({ REDIS_URL: 'rediss://redis.internal:6380' }).REDIS_URL).toBe('rediss://redis.internal:6380');
  });

  it('names each bad variable in a readable error', () => {
    expect(() => clusterEnv({ REDIS_URL: 'http://redis:6379' })).toThrow(/REDIS_URL: REDIS_URL must start with redis:\/\//);
    expect(() => clusterEnv({ NODE_ID: 'web 2; rm -rf' })).toThrow(/NODE_ID/);
  });

  it('uses NODE_ID, else a name no other live process shares', () => {
    expect(makeNodeId('web-2')).toBe('web-2');
    const a = makeNodeId();
    const b = makeNodeId();
    expect(a).toMatch(new RegExp(`^${os.hostname().replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 40)}-${process.pid}-[0-9a-f]{6}$`));
    expect(a).not.toBe(b);
  });
});
