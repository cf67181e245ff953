import { createTLSchema, type TLRecord } from '@tldraw/tlschema';
import * as Y from 'yjs';
import { META_MAP, META_SCHEMA_KEY, RECORDS_MAP } from '../../lib/collab-protocol';
import type { Db } from '../db/client';
import type { Board } from '../db/generated/sqlite/client';
import { isBoardTemplate, type BoardSeedInput, type BoardTemplate } from './templates';

let schema: ReturnType<typeof createTLSchema> | undefined;

/** tldraw's schema at the pinned version: the one the canvas client uses. */
export function boardSchema(): ReturnType<typeof createTLSchema> {
  schema ??= createTLSchema();
  return schema;
}

/** Validates one record against tldraw's schema; throws a readable error when it is invalid. */
export function validateBoardRecord(record: unknown): TLRecord {
  const typeName = (record as { typeName?: unknown } | null)?.typeName;
  const types = boardSchema().types as Record<string, { validate(r: unknown): TLRecord } | undefined>;
  const type = typeof typeName === 'string' ? types[typeName] : undefined;
  if (!type) throw new Error(`Unknown record type ${String(typeName)}`);
  return type.validate(record);
}

/** A RECORDS_MAP entry is valid when tldraw's schema accepts it and it is stored under its own id. */
export function validateBoardRecordEntry(key: string, value: unknown): void {
  const record = validateBoardRecord(value);
  if (record.id !== key) throw new Error(`Record ${record.id} stored under ${key}`);
}

/** The template for a board: its own, or its kind's default for rows written before templates. */
function templateFor(board: Pick<Board, 'template' | 'kind'>): BoardTemplate {
  if (isBoardTemplate(board.template)) return board.template;
  return board.kind === 'pair' ? 'pair' : board.kind === 'mural' ? 'mural' : 'workshop-1';
}

/** Reads what a board's template needs (its pair, or its cohort's pairs) from the database. */
export async function readBoardSeedInput(db: Db, board: Board): Promise<BoardSeedInput> {
  const template = templateFor(board);
  const input: BoardSeedInput = { template, title: board.title };
  if (board.kind === 'pair' && board.pairId) {
    const pair = await db.pair.findUnique({ where: { id: board.pairId }, select: { projectTitle: true, challenge: true } });
    if (pair) input.pair = pair;
  }
  if (board.kind === 'workshop' && board.cohortId) {
    const pairs = await db.pair.findMany({
      where: { cohortId: board.cohortId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: { professional: { include: { user: true } }, layPartner: { include: { user: true } } },
    });
    input.pairs = pairs.map((p) => ({
      id: p.id,
      projectTitle: p.projectTitle,
      people: [p.professional.user.name, p.layPartner.user.name].filter(Boolean).join(' & '),
    }));
  }
  return input;
}

/**
 * Encodes a board's first state: one RECORDS_MAP entry per record and the serialized schema
 * in META_MAP. Every record is validated first so a template bug can never break clients.
 */
export function encodeBoardSeed(records: TLRecord[]): Uint8Array {
  const doc = new Y.Doc();
  const recordsMap = doc.getMap<TLRecord>(RECORDS_MAP);
  const meta = doc.getMap<unknown>(META_MAP);
  doc.transact(() => {
    for (const record of records) recordsMap.set(record.id, validateBoardRecord(record));
    meta.set(META_SCHEMA_KEY, boardSchema().serialize());
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
