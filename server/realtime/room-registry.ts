import type { Logger } from 'pino';
import type { Board } from '../db/generated/sqlite/client';
import { CLOSE_CODES } from '../../lib/collab-protocol';
import type { HookRunner } from './hooks';
import type { Room } from './room';

/** A board in memory and what keeps it there. */
interface Entry {
  room: Room;
  /** Admissions and server writes between acquiring the room and releasing it. */
  holds: number;
  unloading: Promise<void> | null;
}

/**
 * The boards this server holds in memory and their lifecycle: each board is loaded once however
 * many people open it at the same moment, stays while it has sockets, holds or writes waiting,
 * and leaves (its writes committed, `beforeUnloadBoard` run, the log compacted) once it has none.
 * Emits `onBoardLoaded`, `beforeUnloadBoard` and `onBoardUnloaded`.
 */
export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Room>>();
  private closing = false;

  constructor(
    /** Reads a board from the store (seeding it if it has never been opened) into a room. */
    private readonly loadRoom: (board: Board) => Promise<Room>,
    private readonly hooks: HookRunner,
    private readonly log: Logger,
  ) {}

  /** A loaded board's room, if it is in memory. */
  get(boardId: string): Room | undefined {
    return this.entries.get(boardId)?.room;
  }

  /** Every room in memory. */
  rooms(): Room[] {
    return Array.from(this.entries.values(), (entry) => entry.room);
  }

  /** Boards in memory, and boards being loaded. */
  get counts(): { loaded: number; loading: number } {
    return { loaded: this.entries.size, loading: this.loading.size };
  }

  /** The board's room with a hold taken (release it); concurrent first loads share one store read. */
  async acquire(board: Board): Promise<Room> {
    const boardId = board.id;
    for (;;) {
      const existing = this.entries.get(boardId);
      if (existing) {
        existing.holds += 1;
        return existing.room;
      }
      let pending = this.loading.get(boardId);
      if (!pending) {
        pending = this.load(board).finally(() => this.loading.delete(boardId));
        this.loading.set(boardId, pending);
      }
      const room = await pending;
      const entry = this.entries.get(boardId);
      if (entry?.room === room) {
        entry.holds += 1;
        return room;
      }
    }
  }

  /** Gives a hold back; the board may then leave memory. */
  release(room: Room): void {
    const entry = this.entryOf(room);
    if (!entry) return;
    entry.holds -= 1;
    this.maybeUnload(room);
  }

  /** Unloads an empty board once its writes are committed; a join meanwhile keeps it. */
  maybeUnload(room: Room): void {
    const entry = this.entryOf(room);
    if (!entry || entry.unloading || room.connections.size > 0 || entry.holds > 0) return;
    entry.unloading = (async () => {
      await room.pipeline.drain();
      await this.hooks.emitAsync('beforeUnloadBoard', { boardId: room.boardId, doc: room.doc, shuttingDown: false });
      if (!this.closing) await room.pipeline.compact();
      entry.unloading = null;
      if (room.connections.size === 0 && entry.holds === 0 && room.pipeline.isFlushed && this.entryOf(room)) this.unload(room);
      else this.maybeUnload(room);
    })().catch((error: unknown) => {
      entry.unloading = null;
      this.log.error({ err: error, boardId: room.boardId }, 'unloading a board failed; keeping it in memory');
    });
  }

  /**
   * Closes every socket (1001), commits every board's writes (giving up on a board after
   * `flushDeadlineMs`, logged), runs `beforeUnloadBoard` for each and frees them all.
   */
  async closeAll(flushDeadlineMs: number): Promise<void> {
    this.closing = true;
    await Promise.allSettled(this.loading.values());
    const rooms = this.rooms();
    for (const room of rooms) {
      for (const conn of room.connections) conn.close(CLOSE_CODES.goingAway, 'Server shutting down');
    }
    await Promise.all(
      rooms.map(async (room) => {
        room.pipeline.flushNow();
        let timeout: NodeJS.Timeout | undefined;
        const flushed = await Promise.race([
          room.pipeline.drain().then(() => true),
          new Promise<false>((resolve) => {
            timeout = setTimeout(() => resolve(false), flushDeadlineMs);
          }),
        ]);
        clearTimeout(timeout);
        if (!flushed) this.log.error({ boardId: room.boardId, pending: room.pipeline.pendingCount }, 'could not save a board before stopping');
      }),
    );
    for (const room of rooms) await this.hooks.emitAsync('beforeUnloadBoard', { boardId: room.boardId, doc: room.doc, shuttingDown: true });
    for (const room of rooms) this.unload(room);
  }

  private async load(board: Board): Promise<Room> {
    const boardId = board.id;
    const room = await this.loadRoom(board);
    this.entries.set(boardId, { room, holds: 0, unloading: null });
    this.hooks.emit('onBoardLoaded', { boardId, doc: room.doc, room });
    return room;
  }

  private unload(room: Room): void {
    this.entries.delete(room.boardId);
    this.hooks.emit('onBoardUnloaded', { boardId: room.boardId, doc: room.doc });
    room.destroy();
  }

  private entryOf(room: Room): Entry | undefined {
    const entry = this.entries.get(room.boardId);
    return entry?.room === room ? entry : undefined;
  }
}
