/**
 * The binding between a tldraw store and a board's Y.Doc (layout in lib/collab-protocol.ts):
 * one Y.Map entry per document record, replaced whole on change.
 *
 * - Local edits: only changes the person made (`source: 'user'`) to document records are
 *   written, batched so a drag writes at most once per frame, in one Yjs transaction tagged
 *   with LOCAL_ORIGIN.
 * - Remote edits: Y.Map changes from any other origin (the server, IndexedDB, another tab)
 *   are applied inside `store.mergeRemoteChanges`, which tags them `source: 'remote'`, so they
 *   are never written back: no echo loop.
 * - The schema gate: nothing is written once the document says it was written by a newer
 *   tldraw schema; the page asks for a reload instead.
 */
import * as Y from 'yjs';
import type { SerializedStore, TLRecord, TLStore } from 'tldraw';
import { META_DELETION_MARK_KEY, META_MAP, META_SCHEMA_KEY, RECORDS_MAP } from '../lib/collab-protocol';
import { compareDocumentSchema, type SchemaComparison, type SerializedSchemaV2 } from './schema-gate';

/** The transaction origin of this device's own writes; anything else is remote. */
export const LOCAL_ORIGIN = Symbol('together-board.local-edit');

/**
 * How long local changes are gathered before one write. A drag changes a shape on every
 * pointer move; one Yjs update per animation frame (about 16 ms) keeps messages few without a
 * visible delay for the other person.
 */
export const WRITE_BATCH_MS = 16;

export interface BindingOptions {
  /** Whether this person may write now (edit access, not read-only). Checked at every write. */
  canWrite(): boolean;
  /** The document was written by a newer tldraw: stop writing and ask for a reload. */
  onNewerSchema(): void;
  /**
   * Whether changes made here are held, not written, because this person may not write now
   * (the board was locked as they typed): the page must not say everything is saved.
   */
  onHeld?(held: boolean): void;
  /** Schedules a batched write; defaults to the next animation frame (or a short timer). */
  schedule?(flush: () => void): () => void;
}

export type LoadResult = 'loaded' | 'empty' | 'newer';

function defaultSchedule(flush: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const frame = requestAnimationFrame(flush);
    return () => cancelAnimationFrame(frame);
  }
  const timer = setTimeout(flush, WRITE_BATCH_MS);
  return () => clearTimeout(timer);
}

/** Keeps a tldraw store and a board's Y.Doc in step. Call `load()` once, then `start()`. */
export class StoreDocBinding {
  private readonly records: Y.Map<TLRecord>;
  private readonly meta: Y.Map<unknown>;
  private readonly clientSchema: SerializedSchemaV2;
  private comparison: SchemaComparison = 'missing';
  private pending = new Map<TLRecord['id'], TLRecord | null>();
  private cancelScheduled: (() => void) | null = null;
  private disposers: Array<() => void> = [];
  private started = false;
  private disposed = false;
  private held = false;
  /** The shape this person is writing in now (see writing-turns.ts). */
  private writingIn: () => TLRecord['id'] | null = () => null;

  constructor(
    private readonly store: TLStore,
    private readonly doc: Y.Doc,
    private readonly options: BindingOptions,
  ) {
    this.records = doc.getMap<TLRecord>(RECORDS_MAP);
    this.meta = doc.getMap<unknown>(META_MAP);
    this.clientSchema = store.schema.serialize() as SerializedSchemaV2;
  }

  /** Whether the document was written by a newer tldraw than this client's. */
  get isNewerSchema(): boolean {
    return this.comparison === 'newer';
  }

  /** Whether the document holds any records yet (the server seeds every board). */
  hasRecords(): boolean {
    return this.records.size > 0;
  }

  /**
   * Puts the document's records into the store, migrated to this client's schema. Returns
   * 'empty' when there is nothing yet (never seed: the server does), 'newer' when the gate shuts.
   */
  load(): LoadResult {
    this.comparison = compareDocumentSchema(this.meta.get(META_SCHEMA_KEY), this.clientSchema);
    if (this.comparison === 'newer') {
      this.options.onNewerSchema();
      return 'newer';
    }
    if (this.records.size === 0) return 'empty';
    const documentSchema = this.meta.get(META_SCHEMA_KEY) ?? this.clientSchema;
    const snapshot = Object.fromEntries(this.records.entries()) as SerializedStore<TLRecord>;
    const migrated = this.store.schema.migrateStoreSnapshot({ schema: documentSchema as SerializedSchemaV2, store: snapshot });
    if (migrated.type === 'error') {
      // tldraw cannot read these records: only a newer client wrote them.
      this.comparison = 'newer';
      this.options.onNewerSchema();
      return 'newer';
    }
    const incoming = Object.values(migrated.value).filter((record) => this.isDocumentRecord(record));
    const incomingIds = new Set(incoming.map((record) => record.id));
    this.store.mergeRemoteChanges(() => {
      const stale = this.documentRecordIds().filter((id) => !incomingIds.has(id));
      if (stale.length) this.store.remove(stale);
      this.putValid(incoming);
    });
    if (this.comparison === 'older' && this.options.canWrite()) this.upgradeDocument(incoming);
    return 'loaded';
  }

  /** Starts sending local changes and applying remote ones (again, after `dispose`). */
  start(): void {
    if (this.started) return;
    // Changes made to the document while stopped were not applied: catch up first.
    if (this.disposed && this.load() !== 'loaded') return;
    this.disposed = false;
    this.started = true;
    const stopListening = this.store.listen(
      ({ changes }) => {
        for (const record of Object.values(changes.added)) this.pending.set(record.id, record);
        for (const [, to] of Object.values(changes.updated)) this.pending.set(to.id, to);
        for (const record of Object.values(changes.removed)) this.pending.set(record.id, null);
        this.scheduleFlush();
      },
      { source: 'user', scope: 'document' },
    );
    const onRecords = (event: Y.YMapEvent<TLRecord>, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      this.applyRemote(event.keysChanged);
    };
    const onMeta = (_event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const before = this.comparison;
      this.comparison = compareDocumentSchema(this.meta.get(META_SCHEMA_KEY), this.clientSchema);
      if (this.comparison === 'newer' && before !== 'newer') {
        this.pending.clear();
        this.options.onNewerSchema();
      }
    };
    this.records.observe(onRecords);
    this.meta.observe(onMeta);
    this.disposers.push(stopListening, () => this.records.unobserve(onRecords), () => this.meta.unobserve(onMeta));
  }

  /** Writes gathered local changes now (for example before the page is hidden or closed). */
  flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    if (this.pending.size === 0) return;
    const changes = this.pending;
    this.pending = new Map();
    // Never write to a document this client cannot read correctly.
    if (this.comparison === 'newer') return;
    // Nor while read-only (the board was locked as this person typed): the server would refuse
    // it. Hold the changes, and write them once writing is allowed again (call flush then).
    if (!this.options.canWrite()) {
      this.pending = changes;
      this.reportHeld();
      return;
    }
    this.doc.transact(() => {
      let deleted = false;
      for (const [id, record] of changes) {
        if (record === null) {
          if (this.records.has(id)) {
            this.records.delete(id);
            deleted = true;
          }
        } else if (!sameRecord(this.records.get(id), record)) {
          this.records.set(id, record);
        }
      }
      if (deleted) this.meta.set(META_DELETION_MARK_KEY, this.doc.clientID);
    }, LOCAL_ORIGIN);
    this.reportHeld();
  }

  private reportHeld(): void {
    const held = this.pending.size > 0 && !this.options.canWrite();
    if (held === this.held) return;
    this.held = held;
    this.options.onHeld?.(held);
  }

  /**
   * While this person writes in a shape, others' text for it never reaches their open editor
   * (tldraw would replace the text under the caret, and the two people's words would interleave):
   * the rest of the record (position, lock...) is taken, the text kept, and written again so it
   * wins. Turns (writing-turns.ts) make sure only one person writes in a shape at a time.
   */
  protectWhileWriting(writingIn: () => TLRecord['id'] | null): void {
    this.writingIn = writingIn;
  }

  /** Puts the document's version of one record into the store again (after a lost turn to write). */
  reload(id: TLRecord['id']): void {
    this.pending.delete(id);
    this.applyRemote(new Set([id]));
  }

  /** Stops the binding, writing any gathered changes first. */
  dispose(): void {
    this.flush();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.started = false;
    this.disposed = true;
  }

  private scheduleFlush(): void {
    if (this.cancelScheduled) return;
    const schedule = this.options.schedule ?? defaultSchedule;
    this.cancelScheduled = schedule(() => {
      this.cancelScheduled = null;
      this.flush();
    });
  }

  private applyRemote(keys: Set<string>): void {
    if (this.comparison === 'newer') return;
    const documentSchema = this.meta.get(META_SCHEMA_KEY);
    const toPut: TLRecord[] = [];
    const toRemove: TLRecord['id'][] = [];
    const toWriteAgain: TLRecord[] = [];
    const writingIn = this.writingIn();
    for (const key of keys) {
      const id = key as TLRecord['id'];
      const value = this.records.get(key);
      // A remote change supersedes a local one to the same record not yet written.
      this.pending.delete(id);
      if (value === undefined) {
        if (this.store.has(id)) toRemove.push(id);
        continue;
      }
      let record = this.migrateRecord(value, documentSchema);
      if (record && id === writingIn) {
        const kept = keepOwnText(this.store.get(id), record);
        if (kept !== record) toWriteAgain.push(kept);
        record = kept;
      }
      if (record && this.isDocumentRecord(record)) toPut.push(record);
    }
    if (!toPut.length && !toRemove.length) return;
    this.store.mergeRemoteChanges(() => {
      if (toRemove.length) this.store.remove(toRemove);
      this.putValid(toPut);
    });
    if (toWriteAgain.length) {
      for (const record of toWriteAgain) this.pending.set(record.id, record);
      this.scheduleFlush();
    }
    this.reportHeld();
  }

  private migrateRecord(record: TLRecord, documentSchema: unknown): TLRecord | null {
    if (this.comparison !== 'older' || !documentSchema) return record;
    const result = this.store.schema.migratePersistedRecord(record, documentSchema as SerializedSchemaV2);
    return result.type === 'success' ? (result.value as TLRecord) : null;
  }

  /**
   * Puts records, skipping any that fail tldraw's validation: one bad record from another
   * client must not stop this person's board from loading (tldraw would reject the whole put).
   */
  private putValid(records: TLRecord[]): void {
    if (!records.length) return;
    try {
      this.store.put(records);
    } catch {
      for (const record of records) {
        try {
          this.store.put([record]);
        } catch (error) {
          console.warn(`Skipped a board item that could not be read (${record.id})`, error);
        }
      }
    }
  }

  /** Rewrites an older document's records and schema so every record matches the stored schema. */
  private upgradeDocument(records: TLRecord[]): void {
    this.doc.transact(() => {
      for (const record of records) {
        if (!sameRecord(this.records.get(record.id), record)) this.records.set(record.id, record);
      }
      this.meta.set(META_SCHEMA_KEY, this.clientSchema);
    }, LOCAL_ORIGIN);
    this.comparison = 'same';
  }

  private isDocumentRecord(record: TLRecord): boolean {
    return this.store.scopedTypes.document.has(record.typeName);
  }

  private documentRecordIds(): TLRecord['id'][] {
    return Object.keys(this.store.serialize('document')) as TLRecord['id'][];
  }
}

/** `incoming` with the text of `local` when the two differ (the same record otherwise). */
function keepOwnText(local: TLRecord | undefined, incoming: TLRecord): TLRecord {
  const own = (local as { props?: { richText?: unknown } } | undefined)?.props?.richText;
  const theirs = (incoming as { props?: { richText?: unknown } }).props?.richText;
  if (own === undefined || theirs === undefined || JSON.stringify(own) === JSON.stringify(theirs)) return incoming;
  const shape = incoming as TLRecord & { props: Record<string, unknown> };
  return { ...shape, props: { ...shape.props, richText: own } } as TLRecord;
}

/** Whether two records are equal as stored (records are plain JSON with a stable key order). */
function sameRecord(a: TLRecord | undefined, b: TLRecord): boolean {
  return a === b || (a !== undefined && JSON.stringify(a) === JSON.stringify(b));
}
