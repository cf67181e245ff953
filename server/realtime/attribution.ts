import { isMemberRole, type MemberRole } from '../domain/roles';

/** Who created a shape, as the server verified it: stored in the shape record's `meta.createdBy`. */
export interface ShapeAuthor {
  userId: string;
  role: MemberRole;
}

/** The key in a tldraw record's free-JSON `meta` that holds its author. */
export const CREATED_BY_META_KEY = 'createdBy';

type MaybeShape = { typeName?: unknown; meta?: unknown } | null | undefined;

function isShape(value: unknown): value is { typeName: 'shape'; meta: Record<string, unknown> } {
  const v = value as MaybeShape;
  return typeof v === 'object' && v !== null && v.typeName === 'shape' && typeof v.meta === 'object' && v.meta !== null;
}

function sameAuthor(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  const x = a as Partial<ShapeAuthor> | null;
  const y = b as Partial<ShapeAuthor> | null;
  return !!x && !!y && typeof x === 'object' && typeof y === 'object' && x.userId === y.userId && x.role === y.role;
}

/**
 * The record a client's write must become so `meta.createdBy` tells the truth: a new shape is
 * credited to `author` (the connection's verified identity, or `previousAuthor` when the shape
 * comes back after a deletion, e.g. an undo), and a changed shape keeps the author it had.
 * Null when the written value is already right (the usual case) or is not a shape.
 */
export function attributedShape(
  written: unknown,
  before: unknown,
  author: ShapeAuthor,
  previousAuthor?: ShapeAuthor,
): Record<string, unknown> | null {
  if (!isShape(written)) return null;
  const expected: unknown =
    before === undefined ? (previousAuthor ?? { userId: author.userId, role: author.role }) : isShape(before) ? before.meta[CREATED_BY_META_KEY] : undefined;
  if (sameAuthor(written.meta[CREATED_BY_META_KEY], expected)) return null;
  const { [CREATED_BY_META_KEY]: _claimed, ...meta } = written.meta;
  return { ...written, meta: expected === undefined ? meta : { ...meta, [CREATED_BY_META_KEY]: expected } };
}

/** A shape record's verified author, if it has one. */
export function shapeAuthor(value: unknown): ShapeAuthor | undefined {
  if (!isShape(value)) return undefined;
  const author = value.meta[CREATED_BY_META_KEY] as Partial<ShapeAuthor> | undefined;
  return author && typeof author.userId === 'string' && isMemberRole(author.role) ? { userId: author.userId, role: author.role } : undefined;
}
