/**
 * The bare-tldraw baseline of the browser bench: the same records a bench board holds, loaded
 * into a plain <Tldraw> from a snapshot, with no Yjs, no socket, no IndexedDB, no Next.js. What
 * it takes to draw those notes is the limit of this stack on this machine. Bundled by
 * bench/lib/browser-bare.ts with esbuild and served by page.route on the app's origin (tldraw
 * shows its canvas without a licence only on localhost).
 */
import { createRoot } from 'react-dom/client';
import { Tldraw, type TLStoreSnapshot } from 'tldraw';
import { getAssetUrls } from '@tldraw/assets/selfHosted';
import 'tldraw/tldraw.css';

// Served by the real app, as on a board page.
const assetUrls = getAssetUrls({ baseUrl: '/tldraw' });

async function main() {
  const snapshot = (await (await fetch(`snapshot.json${location.search}`)).json()) as TLStoreSnapshot;
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root');
  createRoot(root).render(
    <div style={{ position: 'fixed', inset: 0 }}>
      {/* Fitted to the content, as a board opens (canvas/start-view.ts); the bench applies "remote" edits through the editor (bench/browser.spec.ts). */}
      <Tldraw
        snapshot={snapshot}
        assetUrls={assetUrls}
        onMount={(editor) => {
          editor.zoomToFit();
          (window as unknown as { __editor: unknown }).__editor = editor;
        }}
      />
    </div>,
  );
}
void main();
