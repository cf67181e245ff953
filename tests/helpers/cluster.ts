import * as Y from 'yjs';
import { BoardRelay, type RelayedBoard } from '../../server/cluster/board-relay';
import type { RedisLink } from '../../server/cluster/redis-link';
import { testLogger } from './redis';

/**
 * A board log shared by test nodes, keeping the promises server/cluster/CONTEXT.md asks of the
 * store: row ids grow across all boards, one board's rows become visible in id order, and each
 * append returns the board's previous head. It stands in for the PostgreSQL store (being built
 * at the same time) so the relay's own logic can be tested against a real Redis.
 */
export class SharedTestLog {
  private nextId = 1;
  readonly rows: { id: number; boardId: string; update: Uint8Array }[] = [];
  /** How many of the next reads fail, as when the database is away for a moment. */
  failReads = 0;

  append(boardId: string, update: Uint8Array): { rowId: number; prevRowId: number } {
    const prevRowId = this.head(boardId);
    // Another board's row between, so ids of one board are not consecutive (as in PostgreSQL).
    const rowId = (this.nextId += 2);
    this.rows.push({ id: rowId, boardId, update });
    return { rowId, prevRowId };
  }

  head(boardId: string): number {
    return this.rows.filter((r) => r.boardId === boardId).at(-1)?.id ?? 0;
  }

  readUpdatesSince(boardId: string, afterRowId: number): { id: number; update: Uint8Array }[] {
    if (this.failReads > 0) {
      this.failReads--;
      throw new Error('the database is away');
    }
    return this.rows.filter((r) => r.boardId === boardId && r.id > afterRowId);
  }
}

/** One node holding one board: a Y.Doc, the rows it covers, and its relay. */
export class TestBoardNode {
  readonly doc = new Y.Doc();
  readonly relay: BoardRelay;
  /** The afterRowId of every catch-up this node ran. */
  readonly catchUps: number[] = [];
  /** The row ids of other nodes' updates applied from the relay. */
  readonly applied: number[] = [];
  private lastApplied = 0;

  constructor(
    readonly nodeId: string,
    readonly link: RedisLink,
    private readonly log: SharedTestLog,
    readonly boardId: string,
  ) {
    this.relay = new BoardRelay({ link, nodeId, log: testLogger() });
  }

  /** Loads the board from the log and starts relaying it. */
  async hold(): Promise<void> {
    await this.catchUpFrom(0);
    const board: RelayedBoard = {
      lastAppliedRowId: () => this.lastApplied,
      apply: (update, rowId) => {
        this.applied.push(rowId);
        Y.applyUpdate(this.doc, update, 'relay');
        this.lastApplied = rowId;
      },
      advanceTo: (rowId) => {
        this.lastApplied = rowId;
      },
      catchUp: async (afterRowId) => {
        this.catchUps.push(afterRowId);
        await this.catchUpFrom(afterRowId);
      },
    };
    await this.relay.hold(this.boardId, board);
    await this.relay.settled(this.boardId);
  }

  /** Writes a note locally, commits it to the log, then hands the commit to the relay (false: not relayed). */
  async commitNote(key: string, text: string): Promise<boolean> {
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    this.doc.once('update', capture);
    this.doc.getMap<string>('notes').set(key, text);
    const { rowId, prevRowId } = this.log.append(this.boardId, update!);
    return this.relay.committed({ boardId: this.boardId, rowId, prevRowId, update: update! });
  }

  notes(): Record<string, string> {
    return this.doc.getMap<string>('notes').toJSON() as Record<string, string>;
  }

  lastAppliedRowId(): number {
    return this.lastApplied;
  }

  private async catchUpFrom(afterRowId: number): Promise<void> {
    for (const row of this.log.readUpdatesSince(this.boardId, afterRowId)) {
      Y.applyUpdate(this.doc, row.update, 'log');
      this.lastApplied = Math.max(this.lastApplied, row.id);
    }
  }
}
