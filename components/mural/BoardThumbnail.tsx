'use client';
/** A board's recent picture in a list, or a plain placeholder when it has none yet. */
import { useState } from 'react';
import styles from './mural.module.css';

/** Decorative (the board's link names it), so the picture has empty alt text. */
export function BoardThumbnail({ boardId }: { boardId: string }) {
  const [missing, setMissing] = useState(false);
  if (missing) return <span className={styles.boardThumb} aria-hidden="true" data-placeholder="" />;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- private, access-checked file
    <img className={styles.boardThumb} src={`/api/boards/${encodeURIComponent(boardId)}/thumbnail`} alt="" width={96} height={72} loading="lazy" onError={() => setMissing(true)} />
  );
}
