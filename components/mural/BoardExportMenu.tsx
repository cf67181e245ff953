'use client';
/**
 * "Export" on a board's bar: PNG and SVG of any board; for a mural, print posters (A3, A1) and,
 * for facilitators, publishing the mural as a named edition. Long exports say how far they are.
 */
import Link from 'next/link';
import { useId, useState } from 'react';
import { useBoardEditor } from '@/canvas/board-editor';
import { refusalMessage } from '@/canvas/assets/board-asset-store';
import { downloadBlob, exportBoardImage, renderBoardPng, renderPosterPng } from '@/canvas/export/export-board';
import { buildPosterPdf, fileSlug, POSTER_LONG_SIDE_PX, type PosterSize } from '@/lib/poster';
import { ProgressMessages } from './ProgressMessages';
import styles from './mural.module.css';
import { usePanelSide } from './panel-side';
import { useProgress } from './use-progress';

export interface BoardExportMenuProps {
  boardId: string;
  title: string;
  isMural: boolean;
  canPublish: boolean;
}

/** The export and publish menu of a live board. */
export function BoardExportMenu({ boardId, title, isMural, canPublish }: BoardExportMenuProps) {
  const editor = useBoardEditor();
  const { status, error, busy, run } = useProgress();
  const [editionTitle, setEditionTitle] = useState('');
  const [published, setPublished] = useState<{ id: string; title: string } | null>(null);
  const titleId = useId();
  const [open, setOpen] = useState(false);
  const { ref: menuRef, side } = usePanelSide(open);
  const slug = fileSlug(title);
  const disabled = !editor || busy;

  const exportImage = (format: 'png' | 'svg') =>
    run(`Preparing the ${format.toUpperCase()}…`, async () => {
      if (!editor) throw new Error('The board is still opening.');
      downloadBlob(await exportBoardImage(editor, format), `${slug}.${format}`);
      return `${format.toUpperCase()} ready: check your downloads.`;
    });

  const exportPoster = (size: PosterSize) =>
    run(`Drawing the mural for an ${size} poster (step 1 of 2)…`, async (say) => {
      if (!editor) throw new Error('The board is still opening.');
      const { blob } = await renderPosterPng(editor, size);
      say(`Building the ${size} PDF (step 2 of 2)…`);
      const pdf = await buildPosterPdf(new Uint8Array(await blob.arrayBuffer()), size, title);
      downloadBlob(new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), `${slug}-${size}.pdf`);
      return `${size} poster ready: check your downloads.`;
    });

  const publish = () =>
    run('Drawing the mural (step 1 of 2)…', async (say) => {
      if (!editor) throw new Error('The board is still opening.');
      const name = editionTitle.trim();
      if (!name) throw new Error('Enter a name for the edition, for example "Celebration, November 2016".');
      const { blob } = await renderBoardPng(editor, POSTER_LONG_SIDE_PX.A1);
      say('Publishing the edition (step 2 of 2)…');
      const form = new FormData();
      form.append('title', name);
      form.append('image', blob, 'mural.png');
      const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/editions`, { method: 'POST', body: form });
      if (!response.ok) throw new Error(await refusalMessage(response, 'The edition could not be published. Please try again.'));
      const edition = (await response.json()) as { id: string; title: string };
      setPublished(edition);
      setEditionTitle('');
      return `Published "${edition.title}".`;
    });

  return (
    <details ref={menuRef} className={styles.menu} data-side={side} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Export{isMural ? ' and publish' : ''}</summary>
      <div className={styles.panel}>
        <h2>Download a picture of the board</h2>
        <div className={styles.row}>
          <button type="button" className="secondary" disabled={disabled} onClick={() => exportImage('png')}>
            PNG picture
          </button>
          <button type="button" className="secondary" disabled={disabled} onClick={() => exportImage('svg')}>
            SVG drawing
          </button>
        </div>
        {isMural && (
          <>
            <h3>Print poster (PDF)</h3>
            <div className={styles.row}>
              <button type="button" className="secondary" disabled={disabled} onClick={() => exportPoster('A3')}>
                A3 poster
              </button>
              <button type="button" className="secondary" disabled={disabled} onClick={() => exportPoster('A1')}>
                A1 poster
              </button>
            </div>
          </>
        )}
        {isMural && canPublish && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void publish();
            }}
          >
            <h3>Publish an edition</h3>
            <p className={styles.hint}>An edition is a frozen copy graduates can come back to. Later changes to the mural never change it.</p>
            <div className={styles.field}>
              <label htmlFor={titleId}>Edition name</label>
              <input id={titleId} value={editionTitle} onChange={(e) => setEditionTitle(e.target.value)} placeholder="Celebration, November 2016" maxLength={120} />
            </div>
            <button type="submit" disabled={disabled}>
              Publish edition
            </button>
          </form>
        )}
        <ProgressMessages status={status} error={error} />
        {published && <Link href={`/gallery/editions/${published.id}`}>Open “{published.title}” in the gallery</Link>}
        {isMural && <Link href="/gallery">Mural gallery</Link>}
      </div>
    </details>
  );
}
