import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOCUMENT_RECORD_KEY, RECORDS_MAP } from '../../lib/collab-protocol';
import { boardPhase, type PhaseFacts } from '../../canvas/board-phase';

function facts(records: Y.Map<unknown>, extra: Partial<PhaseFacts> = {}): PhaseFacts {
  return { localLoaded: true, wasReady: false, records, everSynced: false, offline: false, attemptFailed: false, ...extra };
}

describe('when a board page shows its board', () => {
  it('waits while it holds only someone else’s record relayed before the sync answer (tldraw would make a page of its own)', () => {
    const records = new Y.Doc().getMap(RECORDS_MAP);
    records.set('user:lee', { id: 'user:lee', typeName: 'user' });
    expect(boardPhase(facts(records))).toBe('waiting');
    expect(boardPhase(facts(records, { attemptFailed: true }))).toBe('unavailable-offline');
  });

  it('is ready with the board’s own document (this device’s copy), or with whatever the server answered', () => {
    const copy = new Y.Doc().getMap(RECORDS_MAP);
    copy.set(DOCUMENT_RECORD_KEY, { id: DOCUMENT_RECORD_KEY, typeName: 'document' });
    expect(boardPhase(facts(copy, { offline: true }))).toBe('ready');
    const answered = new Y.Doc().getMap(RECORDS_MAP);
    answered.set('shape:idea', { id: 'shape:idea', typeName: 'shape' });
    expect(boardPhase(facts(answered, { everSynced: true }))).toBe('ready');
  });

  it('says the board is not prepared when the server answered with nothing, and stays ready once ready', () => {
    const empty = new Y.Doc().getMap(RECORDS_MAP);
    expect(boardPhase(facts(empty, { everSynced: true }))).toBe('not-prepared');
    expect(boardPhase(facts(empty, { wasReady: true }))).toBe('ready');
    expect(boardPhase(facts(empty, { localLoaded: false }))).toBe('opening');
  });
});
