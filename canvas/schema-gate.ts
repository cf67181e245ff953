/**
 * The schema gate: before a client writes to a board, it checks that the document was not
 * written by a newer tldraw schema than its own. A client on an older version that wrote
 * anyway would store records the newer clients cannot read, so it must stop and ask for a
 * reload instead. Pure: no tldraw or Yjs imports, so it is unit-tested directly.
 */

/** tldraw's serialized schema, version 2 (the only one written by tldraw 2 and later). */
export interface SerializedSchemaV2 {
  schemaVersion: 2;
  sequences: Record<string, number>;
}

/**
 * How a document's schema relates to the client's:
 * - `same`: identical migration sequence versions;
 * - `older`: the client can migrate the document's records up;
 * - `newer`: the document knows a sequence or version this client does not: never write;
 * - `missing`: the document has no schema yet (not loaded or not seeded): do not write.
 */
export type SchemaComparison = 'same' | 'older' | 'newer' | 'missing';

/** Reads a serialized schema from untrusted document data; null when it is not one. */
export function parseSerializedSchema(value: unknown): SerializedSchemaV2 | { schemaVersion: 1 } | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as { schemaVersion?: unknown; sequences?: unknown };
  // Version 1 schemas predate every board in this app; tldraw can still migrate them up.
  if (candidate.schemaVersion === 1) return { schemaVersion: 1 };
  if (candidate.schemaVersion !== 2) {
    // A schema format this client has never heard of can only come from a newer tldraw.
    return typeof candidate.schemaVersion === 'number' && candidate.schemaVersion > 2
      ? { schemaVersion: 2, sequences: { '(newer schema format)': Number.MAX_SAFE_INTEGER } }
      : null;
  }
  if (typeof candidate.sequences !== 'object' || candidate.sequences === null) return null;
  const sequences: Record<string, number> = {};
  for (const [id, version] of Object.entries(candidate.sequences)) {
    if (typeof version !== 'number' || !Number.isInteger(version)) return null;
    sequences[id] = version;
  }
  return { schemaVersion: 2, sequences };
}

/** Compares the schema stored in a board's document with the client's own schema. */
export function compareDocumentSchema(documentSchema: unknown, clientSchema: SerializedSchemaV2): SchemaComparison {
  if (documentSchema === undefined || documentSchema === null) return 'missing';
  const parsed = parseSerializedSchema(documentSchema);
  if (!parsed) return 'newer';
  if (parsed.schemaVersion === 1) return 'older';
  let older = false;
  for (const [id, version] of Object.entries(parsed.sequences)) {
    const ours = clientSchema.sequences[id];
    if (ours === undefined || version > ours) return 'newer';
    if (version < ours) older = true;
  }
  for (const id of Object.keys(clientSchema.sequences)) {
    if (!(id in parsed.sequences)) older = true;
  }
  return older ? 'older' : 'same';
}
