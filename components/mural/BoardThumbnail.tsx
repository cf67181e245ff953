'use client';
/** A board's picture in a list (the one a browser sent, or the server's preview of its content), or a plain placeholder when it cannot be read. */
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
