import * as Y from 'yjs';
import { z } from 'zod';
import { COMMENTS_MAP, REACTIONS_MAP, RECORDS_MAP } from '../../lib/collab-protocol';
import { buildOutline, type BoardOutline } from '../../lib/board-outline';
import { requireBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import { can } from '../domain/permissions';
import { restoreChanges } from '../domain/version-restore';
import { AppError, notFound } from '../errors';
import type { Actor } from '../domain/people';
import { parseInput } from '../validation';
import { recordsOfState, type BoardRecordsSnapshot } from '../murals/document';
import { applyServerUpdate } from '../realtime/control';
import { docFromState, readBoardDoc } from './board-document';

/** Kinds of version: saved by a person, by the app, or just before a restore. */
export type VersionKind = 'named' | 'auto' | 'before_restore';

const MAX_NAME_LENGTH = 80;

/** The form to save a named version. */
export const SaveVersionInput = z.object({
  name: z
    .string({ error: 'Give the version a name, for example “Before voting”.' })
    .trim()
    .min(1, 'Give the version a name, for example “Before voting”.')
    .max(MAX_NAME_LENGTH, `Keep the name to ${MAX_NAME_LENGTH} characters or fewer.`),
});

/** A version as lists show it (never its content). */
export interface VersionSummary {
  id: string;
  name: string;
  kind: VersionKind;
  createdAt: string;
  createdByName: string | null;
}

function bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}

/** Stores the board's current state as a version. */
async function storeVersion(db: Db, boardId: string, doc: Y.Doc, fields: { name: string; kind: VersionKind; createdById: string | null; restoredVersionId?: string }) {
  return db.boardVersion.create({
    data: { boardId, data: bytes(Y.encodeStateAsUpdate(doc)), ...fields },
    select: { id: true, name: true, createdAt: true },
  });
}

/**
 * Saves the board as a named version. Anyone who may edit the board may: a version only adds
 * to history (nothing is changed or lost), and a pair can mark "Before voting" on its own board.
 */
export async function saveNamedVersion(db: Db, actor: Actor, boardId: string, input: unknown) {
  const { access } = await requireBoardAccess(db, actor.id, boardId);
  const { name } = parseInput(SaveVersionInput, input);
  if (access !== 'edit') throw new AppError('forbidden', 'You can look at this board but not change it, so you cannot save versions of it.');
  const doc = await readBoardDoc(db, boardId);
  try {
    return await storeVersion(db, boardId, doc, { name, kind: 'named', createdById: actor.id });
  } finally {
    doc.destroy();
  }
}

/** The board's versions, newest first. Anyone who may see the board may see the list. */
export async function listVersions(db: Db, actor: Actor, boardId: string): Promise<VersionSummary[]> {
  await requireBoardAccess(db, actor.id, boardId);
  const rows = await db.boardVersion.findMany({
    where: { boardId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, name: true, kind: true, createdAt: true, createdById: true },
  });
  const people = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.createdById).filter((id): id is string => !!id))] } },
    select: { id: true, name: true },
  });
  const names = new Map(people.map((p) => [p.id, p.name]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind as VersionKind,
    createdAt: r.createdAt.toISOString(),
    createdByName: r.createdById ? (names.get(r.createdById) ?? null) : null,
  }));
}

/** One version of a board the person may restore (facilitators), or 404/403. */
async function requireVersion(db: Db, actor: Actor, boardId: string, versionId: string) {
  const resolved = await requireBoardAccess(db, actor.id, boardId);
  if (!can(resolved.role, 'board.restoreVersion')) throw new AppError('forbidden', 'Only a facilitator can look at or restore old versions.');
  const version = await db.boardVersion.findFirst({ where: { id: versionId, boardId } });
  if (!version) throw notFound('That version');
  return { ...resolved, version };
}

/** An old version as a read-only outline (facilitators only). */
export async function versionOutline(db: Db, actor: Actor, boardId: string, versionId: string): Promise<{ summary: Omit<VersionSummary, 'createdByName'>; outline: BoardOutline }> {
  const { version } = await requireVersion(db, actor, boardId, versionId);
  const doc = docFromState(new Uint8Array(version.data));
  try {
    const outline = buildOutline(doc.getMap(RECORDS_MAP).values());
    return { summary: { id: version.id, name: version.name, kind: version.kind as VersionKind, createdAt: version.createdAt.toISOString() }, outline };
  } finally {
    doc.destroy();
  }
}

/**
 * An old version to look at (facilitators only): its outline and its frozen records, which a
 * read-only canvas draws as the board looked then.
 */
export async function versionView(
  db: Db,
  actor: Actor,
  boardId: string,
  versionId: string,
): Promise<{ summary: Omit<VersionSummary, 'createdByName'>; outline: BoardOutline; records: BoardRecordsSnapshot }> {
  const { summary, outline } = await versionOutline(db, actor, boardId, versionId);
  const version = await db.boardVersion.findUniqueOrThrow({ where: { id: summary.id }, select: { data: true } });
  return { summary, outline, records: recordsOfState(new Uint8Array(version.data)) };
}

/** The maps a restore puts back as they were: the records, and the reactions and comments on notes. */
const RESTORED_MAPS = [RECORDS_MAP, REACTIONS_MAP, COMMENTS_MAP] as const;

/**
 * Restores an old version (facilitators only): saves the board as it is now as a new version,
 * then writes the old records, reactions and comments back as one new update through the
 * realtime server, so everyone on the board sees it live and it is logged like any change.
 * Nothing is deleted from history.
 */
export async function restoreVersion(db: Db, actor: Actor, boardId: string, versionId: string) {
  const { access, version } = await requireVersion(db, actor, boardId, versionId);
  if (access !== 'edit') throw new AppError('conflict', 'This board is archived, so it cannot be changed. Nothing was restored.');
  const current = await readBoardDoc(db, boardId);
  const old = docFromState(new Uint8Array(version.data));
  try {
    const saved = await storeVersion(db, boardId, current, {
      name: `Before restoring “${version.name}”`,
      kind: 'before_restore',
      createdById: actor.id,
      restoredVersionId: version.id,
    });
    const changes = RESTORED_MAPS.map((name) => {
      const map = current.getMap<unknown>(name);
      return { map, ...restoreChanges(new Map(map.entries()), new Map(old.getMap<unknown>(name).entries())) };
    });
    const changed = changes.reduce((sum, c) => sum + c.set.length + c.remove.length, 0);
    if (changed === 0) return { savedVersionId: saved.id, changed: 0 };
    const before = Y.encodeStateVector(current);
    current.transact(() => {
      for (const { map, set, remove } of changes) {
        for (const id of remove) map.delete(id);
        for (const [id, value] of set) map.set(id, value);
      }
    });
    const applied = await applyServerUpdate(boardId, Y.encodeStateAsUpdate(current, before));
    if (!applied) throw new AppError('unavailable', 'The live board server is not running, so the version could not be restored. Please try again in a moment.');
    return { savedVersionId: saved.id, changed };
  } finally {
    current.destroy();
    old.destroy();
  }
}
