'use client';
/** An old version of a board drawn read-only with tldraw, as it looked when it was saved. */
import { Tldraw, type TLStoreSnapshot } from 'tldraw';
import { getAssetUrls } from '@tldraw/assets/selfHosted';
import { LazyLabelNoteShapeUtil } from '@/canvas/note-geometry';
import 'tldraw/tldraw.css';
import styles from '@/components/mural/mural.module.css';

const assetUrls = getAssetUrls({ baseUrl: '/tldraw' });
/** Notes whose labels are measured only when pointed at: a large board opens sooner. */
const VIEWER_SHAPE_UTILS = [LazyLabelNoteShapeUtil];

/** The version's frozen records: look, pan and zoom; nothing can be changed. */
export default function VersionCanvas({ snapshot }: { snapshot: TLStoreSnapshot }) {
  return (
    <div className={styles.viewer}>
      <Tldraw
        snapshot={snapshot}
        assetUrls={assetUrls}
        shapeUtils={VIEWER_SHAPE_UTILS}
        licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY}
        onMount={(editor) => {
          editor.updateInstanceState({ isReadonly: true });
          editor.zoomToFit();
        }}
      />
    </div>
  );
}
