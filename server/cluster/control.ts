import type { Logger } from 'pino';
import { z } from 'zod';
import { channel, type RedisLink } from './redis-link';

/**
 * The control channel: app code on any node says "this board changed" (locked, archived) or
 * "access changed" (someone signed out or was removed), and every node rechecks its sockets.
 * The node that published handles it at once, without Redis; the others hear it through Redis
 * within milliseconds. When Redis is away that cannot reach them, so the promise "applied on
 * every node within 5 s" is kept by the fallbacks below, which the realtime server wires:
 * - every `up` after a `down` is delivered as `{ kind: 'resync' }`: recheck every socket and
 *   board now (messages may have been missed);
 * - while the link is down, each node rechecks access on its own every
 *   ACCESS_RECHECK_WHILE_DOWN_MS (reading the database, the source of truth).
 */

/** How often a node with no Redis rechecks its sockets' access by itself (under the 5 s promise). */
export const ACCESS_RECHECK_WHILE_DOWN_MS = 4000;

const id = z.string().min(1).max(100);

export const ControlMessageSchema = z.discriminatedUnion('kind', [
  /** A board's lock, archive or facilitation state changed: refresh its sockets' access. */
  z.object({ kind: z.literal('board-changed'), boardId: id, nodeId: id }),
  /** Someone's access changed; `userId` narrows the recheck to that person's sockets when known. */
  z.object({ kind: z.literal('access-changed'), userId: id.optional(), nodeId: id }),
]);
export type ControlMessage = z.infer<typeof ControlMessageSchema>;

/** A control message as app code says it (the sender's node id is added on the way out). */
export type ControlNotice = ControlMessage extends infer M ? (M extends ControlMessage ? Omit<M, 'nodeId'> : never) : never;

/** What a node's handlers receive: a notice from any node, or a resync after Redis returned. */
export type ControlEvent = ControlNotice | { kind: 'resync' };

export const controlChannel = channel('control', ControlMessageSchema);

type ControlHandler = (event: ControlEvent) => void | Promise<void>;

export interface ClusterControlOptions {
  /** Without a link (one node, no Redis) messages stay in this process. */
  link: RedisLink | null;
  nodeId: string;
  log: Logger;
}

export class ClusterControl {
  private readonly handlers = new Set<ControlHandler>();
  private stopSubscription: () => Promise<void> = async () => {};
  private stopStatus: () => void = () => {};

  private constructor(private readonly options: ClusterControlOptions) {}

  static async start(options: ClusterControlOptions): Promise<ClusterControl> {
    const control = new ClusterControl(options);
    const link = options.link;
    if (link) {
      control.stopSubscription = await link.subscribe(controlChannel, (message) => {
        if (message.nodeId === options.nodeId) return;
        const { nodeId: _from, ...event } = message;
        control.deliver(event as ControlNotice);
      });
      let sawDown = link.health().status === 'down';
      control.stopStatus = link.onStatus((status) => {
        if (status === 'down') sawDown = true;
        else if (sawDown) {
          sawDown = false;
          control.deliver({ kind: 'resync' });
        }
      });
    }
    return control;
  }

  /** Whether this node must recheck access on its own now (Redis is configured but away). */
  mustPoll(): boolean {
    return this.options.link !== null && this.options.link.health().status === 'down';
  }

  /** Listens to control events; returns the function that stops listening. */
  onEvent(handler: ControlHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Handles the event here at once, then tells the other nodes (false when Redis is away). */
  async publish(event: ControlNotice): Promise<boolean> {
    this.deliver(event);
    if (!this.options.link) return true;
    return this.options.link.publish(controlChannel, { ...event, nodeId: this.options.nodeId } as ControlMessage);
  }

  async close(): Promise<void> {
    this.stopStatus();
    await this.stopSubscription();
    this.handlers.clear();
  }

  private deliver(event: ControlEvent): void {
    for (const handler of [...this.handlers]) {
      Promise.resolve()
        .then(() => handler(event))
        .catch((error: unknown) => this.options.log.error({ err: error, event: event.kind }, 'control event handler failed'));
    }
  }
}
