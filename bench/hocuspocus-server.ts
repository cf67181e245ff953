/**
 * Hocuspocus for the multi-node comparison: @hocuspocus/server with @hocuspocus/extension-redis,
 * as its docs set it up for several instances, on the Redis at REDIS_URL under REDIS_KEY_PREFIX.
 * No persistence extension and no auth hook (documents live in the instances' memory and travel
 * between them through Redis). Prints {"port":N} on stdout once listening.
 */
import { Server } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';

const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const server = new Server({
  address: '127.0.0.1',
  port: 0,
  quiet: true,
  stopOnSignals: true,
  extensions: [
    new Redis({
      host: redisUrl.hostname,
      port: Number(redisUrl.port || 6379),
      prefix: process.env.REDIS_KEY_PREFIX ?? 'hocuspocus-bench',
      identifier: process.env.NODE_ID,
    }),
  ],
});
await server.listen();
process.stdout.write(`${JSON.stringify({ port: server.address.port })}\n`);
