import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { z } from 'zod';

/**
 * One node's link to Redis: a command/publish connection and a subscriber connection (a
 * subscribed ioredis connection can run nothing else), typed channels under one prefix, and an
 * honest status. While Redis is away, publishing fails at once instead of queueing (what was
 * not relayed is caught up from the log later, never replayed from a stale queue), and both
 * connections keep retrying; subscriptions are restored by ioredis on reconnect. Listeners of
 * `onStatus` hear `up` after every reconnect: that is the moment to catch up.
 */

export type LinkStatus = 'up' | 'down';

export interface LinkHealth {
  status: LinkStatus;
  /** When the status last changed (ms since epoch). */
  since: number;
  /** The last connection error seen, kept after recovery so an operator can read what happened. */
  lastError: string | null;
}

/** A pub/sub channel carrying one kind of message, validated on the way in. */
export interface Channel<T> {
  /** The channel's name without the deployment prefix. */
  name: string;
  schema: z.ZodType<T>;
}

/** Channels named per key (a board id): `family.for(boardId)`. */
export interface ChannelFamily<T> {
  for(key: string): Channel<T>;
}

/** Declares a channel. */
export function channel<T>(name: string, schema: z.ZodType<T>): Channel<T> {
  return { name, schema };
}

/** Declares a family of channels, one per key (board ids are cuid-like: no separators inside). */
export function channelFamily<T>(name: string, schema: z.ZodType<T>): ChannelFamily<T> {
  return { for: (key) => ({ name: `${name}:${key}`, schema }) };
}

/** Retry quickly at first, then every 2 s: relay resumes within about 2 s of Redis returning. */
const RECONNECT_MAX_DELAY_MS = 2000;
/** How long one connection attempt may take before it counts as failed. */
const CONNECT_TIMEOUT_MS = 3000;
/**
 * A Redis that stops answering without closing the socket (a hung server, a network cut with no
 * reset) is noticed by a PING on each connection this often; one unanswered for the timeout
 * marks the link down and reconnects, so the status stays honest within about 3.5 s. (The
 * timeout is loose enough that a busy event loop does not pass for a dead Redis.)
 */
const WATCHDOG_INTERVAL_MS = 1500;
const WATCHDOG_TIMEOUT_MS = 2000;

export interface RedisLinkOptions {
  url: string;
  /** Prefix for every key and channel (e.g. `together-board:`). */
  prefix: string;
  log: Logger;
  /** Extra ioredis options (tests shorten timeouts). */
  redisOptions?: RedisOptions;
}

type Handler = (message: unknown) => void;

export class RedisLink {
  /** Runs commands and publishes. Fails fast while Redis is away (no offline queue). */
  readonly commands: Redis;
  /** Only subscribes. */
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, { schema: z.ZodType<unknown>; handlers: Set<Handler>; subscribed: Promise<void> }>();
  private readonly statusListeners = new Set<(status: LinkStatus) => void>();
  private current: LinkHealth = { status: 'down', since: Date.now(), lastError: null };
  private closed = false;
  /** A PING confirming the subscriptions is in flight. */
  private confirming = false;
  private watching = false;
  private readonly watchdog: ReturnType<typeof setInterval>;

  constructor(private readonly options: RedisLinkOptions) {
    const base: RedisOptions = {
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(50 * 2 ** times, RECONNECT_MAX_DELAY_MS),
      // A command sent while disconnected fails at once; one in flight when the link drops
      // fails instead of waiting for Redis to return (a socket admission or a limit check must
      // never hang on Redis: they fall back to this node's own count).
      maxRetriesPerRequest: 0,
      lazyConnect: false,
      ...options.redisOptions,
    };
    this.commands = new Redis(options.url, { ...base, enableOfflineQueue: false, connectionName: 'together-board' });
    // The subscriber keeps SUBSCRIBE issued while Redis is away queued until it is back (with
    // no retry limit: a dropped SUBSCRIBE would never be restored by ioredis's resubscribe).
    this.subscriber = new Redis(options.url, {
      ...base,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      connectionName: 'together-board-sub',
    });
    for (const connection of [this.commands, this.subscriber]) {
      connection.on('ready', () => this.refreshStatus());
      connection.on('close', () => {
        // Redis shutting down closes the socket with no error; say so rather than nothing.
        if (!this.closed && this.current.status === 'up') this.current.lastError = 'connection to Redis closed';
        this.refreshStatus();
      });
      connection.on('end', () => this.refreshStatus());
      connection.on('error', (error: Error) => {
        this.current.lastError = error.message;
        this.refreshStatus();
      });
    }
    this.subscriber.on('messageBuffer', (channelName: Buffer, payload: Buffer) => this.dispatch(String(channelName), payload));
    this.watchdog = setInterval(() => void this.checkAnswering(), WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
  }

  /** The full Redis name of a key or channel. */
  key(name: string): string {
    return `${this.options.prefix}${name}`;
  }

  health(): LinkHealth {
    return { ...this.current };
  }

  /** Hears every change of status; returns the function that stops listening. */
  onStatus(listener: (status: LinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Resolves when the link is up (at once if it is already). */
  whenUp(): Promise<void> {
    if (this.current.status === 'up') return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.onStatus((status) => {
        if (status !== 'up') return;
        stop();
        resolve();
      });
    });
  }

  /** Publishes a message; false (and no throw) when Redis is away or refused it. */
  async publish<T>(target: Channel<T>, message: T): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.commands.publish(this.key(target.name), JSON.stringify(message));
      return true;
    } catch (error) {
      this.options.log.debug({ err: error, channel: target.name }, 'cluster message not published: Redis unavailable');
      return false;
    }
  }

  /**
   * Calls `handler` with each valid message on the channel; resolves once Redis confirmed the
   * subscription (or, while Redis is away, at once: the subscription is sent when it returns).
   * Invalid messages are logged and dropped. Returns the function that stops listening.
   */
  async subscribe<T>(target: Channel<T>, handler: (message: T) => void): Promise<() => Promise<void>> {
    const name = this.key(target.name);
    let entry = this.handlers.get(name);
    if (!entry) {
      const subscribed = this.subscriber.subscribe(name).then(
        () => {},
        (error: unknown) => this.options.log.warn({ err: error, channel: target.name }, 'cluster subscription failed'),
      );
      entry = { schema: target.schema as z.ZodType<unknown>, handlers: new Set(), subscribed };
      this.handlers.set(name, entry);
    }
    const own = handler as Handler;
    entry.handlers.add(own);
    if (this.current.status === 'up') await entry.subscribed;
    return async () => {
      const current = this.handlers.get(name);
      if (!current?.handlers.delete(own) || current.handlers.size > 0) return;
      this.handlers.delete(name);
      // While Redis is away the UNSUBSCRIBE waits in the queue (so ioredis does not restore the
      // channel on reconnect); only wait for it when Redis is there to answer.
      const unsubscribed = this.subscriber.unsubscribe(name).catch(() => {});
      if (this.current.status === 'up') await unsubscribed;
    };
  }

  /** Closes both connections; the link is down for good. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchdog);
    this.handlers.clear();
    await Promise.all([this.commands.quit().catch(() => this.commands.disconnect()), this.subscriber.quit().catch(() => this.subscriber.disconnect())]);
    this.refreshStatus();
  }

  private dispatch(channelName: string, payload: Buffer): void {
    const entry = this.handlers.get(channelName);
    if (!entry) return;
    let parsed: unknown;
    try {
      const result = entry.schema.safeParse(JSON.parse(payload.toString('utf8')));
      if (!result.success) throw new Error(result.error.message);
      parsed = result.data;
    } catch (error) {
      this.options.log.warn({ err: error, channel: channelName }, 'invalid cluster message dropped');
      return;
    }
    for (const handler of [...entry.handlers]) {
      try {
        handler(parsed);
      } catch (error) {
        this.options.log.error({ err: error, channel: channelName }, 'cluster message handler failed');
      }
    }
  }

  /** PINGs both connections; one that does not answer in time is dropped and reconnected. */
  private async checkAnswering(): Promise<void> {
    if (this.closed || this.watching || this.current.status !== 'up') return;
    this.watching = true;
    try {
      await Promise.all(
        [this.commands, this.subscriber].map(async (connection) => {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), WATCHDOG_TIMEOUT_MS)));
          const answer = await Promise.race([connection.ping().catch(() => 'failed' as const), timedOut]);
          clearTimeout(timer);
          if (answer !== 'timeout' || this.closed) return;
          this.current.lastError = `Redis did not answer within ${WATCHDOG_TIMEOUT_MS} ms`;
          this.setStatus('down');
          connection.disconnect(true);
        }),
      );
    } finally {
      this.watching = false;
    }
  }

  private refreshStatus(): void {
    const up = !this.closed && this.commands.status === 'ready' && this.subscriber.status === 'ready';
    if (!up) return this.setStatus('down');
    if (this.current.status === 'up' || this.confirming) return;
    // ioredis re-sends SUBSCRIBE for every channel as the subscriber reconnects; a PING on the
    // same connection answers after them, so once it returns no message can slip past unseen
    // and a catch-up started by `up` listeners covers everything before it.
    this.confirming = true;
    this.subscriber
      .ping()
      .then(() => {
        this.confirming = false;
        if (!this.closed && this.commands.status === 'ready' && this.subscriber.status === 'ready') this.setStatus('up');
      })
      .catch(() => {
        this.confirming = false;
      });
  }

  private setStatus(status: LinkStatus): void {
    if (status === this.current.status) return;
    this.current = { status, since: Date.now(), lastError: this.current.lastError };
    if (status === 'up') this.options.log.info('Redis link up');
    else if (this.closed) this.options.log.info('Redis link closed');
    else this.options.log.warn({ lastError: this.current.lastError }, 'Redis link down: serving this node alone');
    for (const listener of [...this.statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        this.options.log.error({ err: error }, 'Redis status listener failed');
      }
    }
  }
}
