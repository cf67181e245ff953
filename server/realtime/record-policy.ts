import { META_DELETION_MARK_KEY } from '../../lib/collab-protocol';
import { can } from '../domain/permissions';
import type { MemberRole } from '../domain/roles';
import { assertUploadedAssetSource } from './asset-sources';
import { assertBoardContent } from './board-content';
import { attributedShape, shapeAuthor, type ShapeAuthor } from './attribution';
import { ruleOnShapeLocks, type RecordChange } from './shape-locks';

/**
 * What the server lets a client write into a board's records, as pure functions from one
 * transaction's changes (plus who made them and what the board remembers) to the writes that
 * repair it. The room applies the ruling in one server transaction, in the same batch as the
 * client's update, so peers never see a refused value (room.ts). No sockets, no Yjs: tested in
 * tests/unit/realtime-record-policy.test.ts.
 */

/** Throws when a value may not be stored under `key` in RECORDS_MAP (tldraw's schema rejects it). */
export type RecordValidator = (key: string, value: unknown) => void;

/** Who wrote a transaction, as the verified token says. */
export interface WriterIdentity {
  userId: string;
  role: MemberRole;
}

/** What the policy needs from the board besides the changes. */
export interface RecordPolicyContext {
  writer: WriterIdentity;
  validateRecord: RecordValidator;
  /** The author a recently deleted shape had (an undo brings it back with them). */
  deletedAuthorOf(key: string): ShapeAuthor | undefined;
}

/** A record the policy refused, and why (for the log; never sent to the client). */
export interface RecordRefusal {
  key: string;
  reason: string;
}

/** The repairs one transaction needs. */
export interface RecordRuling {
  /** Values the server writes back: repairs, lock restores and attribution; `undefined` deletes the key. */
  writes: Map<string, unknown>;
  /** Records refused outright (invalid or forbidden content): their content must not be stored. */
  refused: RecordRefusal[];
  /** Keys a lock rule put back or took out (changes refused because of a locked shape or a template's part). */
  lockRepaired: string[];
  /** Deleted shapes' authors for the board to remember. */
  deletedAuthors: [string, ShapeAuthor][];
}

/** Checks one record the way the policy does, throwing the reason it is refused. */
function assertAllowedRecord(key: string, value: unknown, validateRecord: RecordValidator, writer: WriterIdentity): void {
  validateRecord(key, value);
  assertBoardContent(value);
  assertUploadedAssetSource(value);
  assertOwnUserRecord(value, writer);
}

/** tldraw keeps each person's name and colour in a `user` record: nobody may write someone else's. */
function assertOwnUserRecord(value: unknown, writer: WriterIdentity): void {
  const record = value as { typeName?: unknown; id?: unknown } | null;
  if (record?.typeName === 'user' && record.id !== `user:${writer.userId}`) throw new Error("Only a person may write their own user record");
}

function isAllowedRecord(key: string, value: unknown, validateRecord: RecordValidator, writer: WriterIdentity): boolean {
  try {
    assertAllowedRecord(key, value, validateRecord, writer);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rules on a client's changes to RECORDS_MAP. A record tldraw's schema rejects would stop every
 * client that loads it (liveblocks#3647), so it is put back the way it was (or removed).
 * Nothing may make a viewer's browser reach another host, and only the record types a board
 * uses are kept (board-content.ts); pictures must point at our upload route (asset-sources.ts). Someone who may not lock shapes
 * cannot change, delete, lock, unlock or copy a locked one, nor make a template prompt
 * (shape-locks.ts): those are put back, or taken out, too.
 * Each shape the transaction touched gets its author (`meta.createdBy`) from the writer's
 * verified identity, never from what the client wrote (attribution.ts).
 */
export function ruleOnRecordChanges(changes: ReadonlyMap<string, RecordChange>, context: RecordPolicyContext): RecordRuling {
  const { writer, validateRecord } = context;
  const locks = can(writer.role, 'board.lock') ? null : ruleOnShapeLocks(changes);
  const ruling: RecordRuling = { writes: new Map(), refused: [], lockRepaired: [], deletedAuthors: [] };
  if (locks) ruling.lockRepaired.push(...locks.restore.keys(), ...locks.refusedNew);
  for (const [key, change] of changes) {
    if (locks?.restore.has(key)) {
      ruling.writes.set(key, locks.restore.get(key));
      continue;
    }
    if (locks?.refusedNew.has(key)) {
      ruling.writes.set(key, undefined);
      continue;
    }
    if (change.action === 'delete') {
      const author = shapeAuthor(change.oldValue);
      if (author) ruling.deletedAuthors.push([key, author]);
      continue;
    }
    const value = change.value;
    const before = change.action === 'update' ? change.oldValue : undefined;
    try {
      assertAllowedRecord(key, value, validateRecord, writer);
    } catch (error) {
      ruling.refused.push({ key, reason: String(error) });
      ruling.writes.set(key, before !== undefined && isAllowedRecord(key, before, validateRecord, writer) ? before : undefined);
      continue;
    }
    const fixed = attributedShape(value, before, writer, before === undefined ? context.deletedAuthorOf(key) : undefined);
    if (fixed) ruling.writes.set(key, fixed);
  }
  return ruling;
}

/** One key's change in META_MAP: its action and the value it had before. */
export interface MetaChange {
  action: 'add' | 'update' | 'delete';
  oldValue: unknown;
}

/**
 * Rules on a client's changes to META_MAP: the schema entry is written by the server when it
 * seeds; clients only read it. The one key a client writes is the deletion mark (its client id,
 * see META_DELETION_MARK_KEY). Returns the writes that undo everything else (`undefined` deletes).
 */
export function ruleOnMetaChanges(changes: ReadonlyMap<string, MetaChange>, current: (key: string) => unknown): Map<string, unknown> {
  const writes = new Map<string, unknown>();
  for (const [key, change] of changes) {
    if (key === META_DELETION_MARK_KEY && change.action !== 'delete' && isClientId(current(key))) continue;
    writes.set(key, change.action === 'add' ? undefined : change.oldValue);
  }
  return writes;
}

/** A Yjs client id: what a client writes under META_DELETION_MARK_KEY. */
function isClientId(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}
