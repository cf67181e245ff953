import { describe, expect, it } from 'vitest';
import { ruleOnShapeLocks, type RecordChange } from '../../server/realtime/shape-locks';

const PAGE = 'page:board';

function shape(id: string, parentId = PAGE, isLocked = false, x = 0) {
  return { id, typeName: 'shape', type: 'note', parentId, isLocked, x, y: 0, props: {}, meta: {} };
}

const rule = (changes: [string, RecordChange][]) => ruleOnShapeLocks(new Map(changes));

describe('shape locks for people who may not lock', () => {
  it('lets unlocked shapes be added, changed and deleted as usual', () => {
    const ruling = rule([
      ['shape:new', { action: 'add', value: shape('shape:new') }],
      ['shape:moved', { action: 'update', oldValue: shape('shape:moved'), value: shape('shape:moved', PAGE, false, 50) }],
      ['shape:gone', { action: 'delete', oldValue: shape('shape:gone') }],
    ]);
    expect(ruling.restore.size).toBe(0);
    expect(ruling.refusedNew.size).toBe(0);
  });

  it('puts back a locked shape that was moved, and one that was unlocked', () => {
    const locked = shape('shape:frame', PAGE, true);
    const ruling = rule([
      ['shape:frame', { action: 'update', oldValue: locked, value: { ...locked, x: 300 } }],
      ['shape:title', { action: 'update', oldValue: shape('shape:title', PAGE, true), value: shape('shape:title', PAGE, false) }],
    ]);
    expect(ruling.restore.get('shape:frame')).toBe(locked);
    expect(ruling.restore.get('shape:title')).toMatchObject({ isLocked: true });
  });

  it('puts back a shape that was locked by someone who may not lock', () => {
    const before = shape('shape:idea');
    const ruling = rule([['shape:idea', { action: 'update', oldValue: before, value: { ...before, isLocked: true } }]]);
    expect(ruling.restore.get('shape:idea')).toBe(before);
  });

  it('brings a deleted locked shape back', () => {
    const locked = shape('shape:title', PAGE, true);
    expect(rule([['shape:title', { action: 'delete', oldValue: locked }]]).restore.get('shape:title')).toBe(locked);
  });

  it('refuses the whole deleted branch around a locked shape: its deleted parents and what went with them', () => {
    // Deleting a frame deletes its children; the frame holds a locked prompt and two ideas,
    // one of them inside a nested frame. A note elsewhere is deleted in the same batch.
    const changes: [string, RecordChange][] = [
      ['shape:idea-nested', { action: 'delete', oldValue: shape('shape:idea-nested', 'shape:inner') }],
      ['shape:frame', { action: 'delete', oldValue: shape('shape:frame') }],
      ['shape:prompt', { action: 'delete', oldValue: shape('shape:prompt', 'shape:frame', true) }],
      ['shape:idea', { action: 'delete', oldValue: shape('shape:idea', 'shape:frame') }],
      ['shape:inner', { action: 'delete', oldValue: shape('shape:inner', 'shape:frame') }],
      ['shape:elsewhere', { action: 'delete', oldValue: shape('shape:elsewhere') }],
    ];
    const ruling = rule(changes);
    expect([...ruling.restore.keys()].sort()).toEqual(['shape:frame', 'shape:idea', 'shape:idea-nested', 'shape:inner', 'shape:prompt']);
  });

  it('refuses a page deletion that takes locked shapes with it', () => {
    const page = { id: PAGE, typeName: 'page', name: 'Board', index: 'a1', meta: {} };
    const ruling = rule([
      [PAGE, { action: 'delete', oldValue: page }],
      ['shape:title', { action: 'delete', oldValue: shape('shape:title', PAGE, true) }],
    ]);
    expect(ruling.restore.get(PAGE)).toBe(page);
  });

  it('does not loop on crafted parent cycles', () => {
    const ruling = rule([
      ['shape:a', { action: 'delete', oldValue: shape('shape:a', 'shape:b', true) }],
      ['shape:b', { action: 'delete', oldValue: shape('shape:b', 'shape:a') }],
      ['shape:c', { action: 'delete', oldValue: shape('shape:c', 'shape:d') }],
      ['shape:d', { action: 'delete', oldValue: shape('shape:d', 'shape:c') }],
    ]);
    expect([...ruling.restore.keys()].sort()).toEqual(['shape:a', 'shape:b']);
  });

  it('refuses a new shape written locked (a copy of a locked prompt) with everything added under it, and a made-up template prompt', () => {
    const ruling = rule([
      // Duplicating a frame copies its locked prompt, and what a participant wrote under it.
      ['shape:frame-copy', { action: 'add', value: shape('shape:frame-copy') }],
      ['shape:prompt-copy', { action: 'add', value: shape('shape:prompt-copy', 'shape:frame-copy', true) }],
      ['shape:under-copy', { action: 'add', value: shape('shape:under-copy', 'shape:prompt-copy') }],
      ['shape:under-under', { action: 'add', value: shape('shape:under-under', 'shape:under-copy') }],
      ['shape:idea-copy', { action: 'add', value: shape('shape:idea-copy', 'shape:frame-copy') }],
      // A template prompt's id, unlocked: still not a participant's to make.
      ['shape:prompt-shared-9', { action: 'add', value: shape('shape:prompt-shared-9') }],
      // Crafted parent cycles among new shapes end.
      ['shape:x', { action: 'add', value: shape('shape:x', 'shape:y') }],
      ['shape:y', { action: 'add', value: shape('shape:y', 'shape:x') }],
    ]);
    expect([...ruling.refusedNew].sort()).toEqual(['shape:prompt-copy', 'shape:prompt-shared-9', 'shape:under-copy', 'shape:under-under']);
    expect(ruling.restore.size).toBe(0);
  });

  it('leaves records that are not shapes alone', () => {
    const asset = { id: 'asset:a', typeName: 'asset', type: 'image', props: {}, meta: {} };
    const ruling = rule([
      ['asset:a', { action: 'update', oldValue: asset, value: { ...asset, isLocked: true } }],
      ['asset:b', { action: 'delete', oldValue: { ...asset, id: 'asset:b', isLocked: true } }],
    ]);
    expect(ruling.restore.size).toBe(0);
    expect(ruling.refusedNew.size).toBe(0);
  });
});
