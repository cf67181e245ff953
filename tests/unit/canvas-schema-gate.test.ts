import { describe, expect, it } from 'vitest';
import { compareDocumentSchema, parseSerializedSchema, type SerializedSchemaV2 } from '../../canvas/schema-gate';

const client: SerializedSchemaV2 = {
  schemaVersion: 2,
  sequences: { 'com.tldraw.store': 5, 'com.tldraw.shape': 4, 'com.tldraw.shape.note': 9 },
};

describe('compareDocumentSchema', () => {
  it('is the same when every sequence matches', () => {
    expect(compareDocumentSchema(structuredClone(client), client)).toBe('same');
  });

  it('is older when the document is behind on a sequence or lacks one (the client migrates it up)', () => {
    expect(compareDocumentSchema({ ...client, sequences: { ...client.sequences, 'com.tldraw.shape.note': 7 } }, client)).toBe('older');
    const { 'com.tldraw.shape.note': _note, ...withoutNote } = client.sequences;
    expect(compareDocumentSchema({ schemaVersion: 2, sequences: withoutNote }, client)).toBe('older');
    expect(compareDocumentSchema({ schemaVersion: 1, storeVersion: 4, recordVersions: {} }, client)).toBe('older');
  });

  it('is newer when the document is ahead on any sequence, even if behind on another', () => {
    expect(
      compareDocumentSchema(
        { schemaVersion: 2, sequences: { ...client.sequences, 'com.tldraw.store': 4, 'com.tldraw.shape.note': 10 } },
        client,
      ),
    ).toBe('newer');
  });

  it('is newer when the document has a sequence this client has never heard of', () => {
    expect(compareDocumentSchema({ schemaVersion: 2, sequences: { ...client.sequences, 'com.tldraw.shape.sticker': 1 } }, client)).toBe(
      'newer',
    );
  });

  it('treats a future schema format or unreadable data as newer (never write), and absence as missing', () => {
    expect(compareDocumentSchema({ schemaVersion: 3, sequences: {} }, client)).toBe('newer');
    expect(compareDocumentSchema({ schemaVersion: 2, sequences: { 'com.tldraw.store': 'five' } }, client)).toBe('newer');
    expect(compareDocumentSchema('nonsense', client)).toBe('newer');
    expect(compareDocumentSchema(undefined, client)).toBe('missing');
  });
});

describe('parseSerializedSchema', () => {
  it('keeps only integer versions', () => {
    expect(parseSerializedSchema({ schemaVersion: 2, sequences: { a: 1.5 } })).toBeNull();
    expect(parseSerializedSchema({ schemaVersion: 2, sequences: { a: 1 } })).toEqual({ schemaVersion: 2, sequences: { a: 1 } });
  });
});
