import v8 from 'node:v8';
import vm from 'node:vm';
import * as Y from 'yjs';

/** Heap per bare Y.Doc holding `update` (no room, no socket): the part of a board's memory that is Yjs's own. */
export async function bareDocBytes(update: Uint8Array, count: number): Promise<number> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
  };
  await settle();
  const before = process.memoryUsage();
  const docs: Y.Doc[] = [];
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    docs.push(doc);
  }
  await settle();
  const after = process.memoryUsage();
  const per = (after.heapUsed + after.external - before.heapUsed - before.external) / count;
  for (const doc of docs) doc.destroy();
  return per;
}
