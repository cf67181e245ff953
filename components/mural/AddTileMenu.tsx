'use client';
/** "Add a tile" on a mural: a graduate adds a quote, what they learned, their project, a photo or a drawing. */
import { useId, useState } from 'react';
import { useBoardEditor } from '@/canvas/board-editor';
import { addTile, TILE_KINDS, type TileKind } from '@/canvas/export/tiles';
import styles from './mural.module.css';
import { usePanelSide } from './panel-side';
import { useProgress } from './use-progress';

const MAX_TEXT = 500;

/** The add-a-tile form; `label` names who the tile is from ("Lee Partner, lay partner"). */
export function AddTileMenu({ label }: { label: string }) {
  const editor = useBoardEditor();
  const { status, error, busy, run } = useProgress();
  const [kind, setKind] = useState<TileKind>('quote');
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [altText, setAltText] = useState('');
  const [open, setOpen] = useState(false);
  const { ref: menuRef, side } = usePanelSide(open);
  const ids = { kind: useId(), text: useId(), photo: useId(), alt: useId() };

  const submit = () =>
    run('Adding your tile…', async () => {
      if (!editor) throw new Error('The mural is still opening.');
      if (kind === 'photo' && !photo) throw new Error('Choose a photo.');
      if (kind === 'photo' && !altText.trim()) throw new Error('Describe the photo in a few words for people who cannot see it.');
      if (kind !== 'photo' && kind !== 'drawing' && !text.trim()) throw new Error('Write something for your tile.');
      await addTile(editor, { kind, label, text: text.trim(), photo: photo ?? undefined, altText: altText.trim() });
      setText('');
      setPhoto(null);
      setAltText('');
      setOpen(false);
      return kind === 'drawing' ? 'Your tile is ready: draw inside it with the pen.' : 'Your tile is on the mural.';
    });

  return (
    <>
      {/* A polite live region (not role=status: the bar's one status is the save status). */}
      <p aria-live="polite" className={styles.status}>
        {status}
      </p>
    <details ref={menuRef} className={styles.menu} open={open} data-side={side} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Add a tile</summary>
      <form
        className={styles.panel}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2>Add your tile to the mural</h2>
        <div className={styles.field}>
          <label htmlFor={ids.kind}>What is it?</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as TileKind)}>
            {(Object.keys(TILE_KINDS) as TileKind[]).map((k) => (
              <option key={k} value={k}>
                {TILE_KINDS[k]}
              </option>
            ))}
          </select>
        </div>
        {kind === 'photo' && (
          <>
            <div className={styles.field}>
              <label htmlFor={ids.photo}>Photo (PNG, JPEG, WebP or GIF, up to 10 MB)</label>
              <input id={ids.photo} type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} />
            </div>
            <div className={styles.field}>
              <label htmlFor={ids.alt}>Describe the photo</label>
              <input id={ids.alt} value={altText} maxLength={200} onChange={(e) => setAltText(e.target.value)} placeholder="Our pair at the Bristol workshop" />
            </div>
            <p className={styles.hint}>Location and camera details are removed from photos before anyone else sees them.</p>
          </>
        )}
        {kind !== 'drawing' && (
          <div className={styles.field}>
            <label htmlFor={ids.text}>{kind === 'photo' ? 'Caption (optional)' : 'Your words'}</label>
            <textarea id={ids.text} rows={4} maxLength={MAX_TEXT} value={text} onChange={(e) => setText(e.target.value)} />
          </div>
        )}
        {kind === 'drawing' && <p className={styles.hint}>You get an empty tile with your name, and the pen to draw in it.</p>}
        <p className={styles.hint}>Your tile will say it is from {label}.</p>
        <button type="submit" disabled={!editor || busy}>
          Add tile
        </button>
        <p role="alert" className={styles.error}>
          {error}
        </p>
      </form>
    </details>
    </>
  );
}
