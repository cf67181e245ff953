import Link from 'next/link';
import { BoardThumbnail } from './mural/BoardThumbnail';
import styles from './layout.module.css';

const KIND_LABEL: Record<string, string> = { workshop: 'Workshop board', pair: 'Pair board', mural: 'Celebration mural' };
const STATE_NOTE: Record<string, string> = { archived: ', archived', locked: ', locked' };

/** Links to boards (`/boards/<id>`), each with its recent picture, what kind it is and whether it is locked or archived. */
export function BoardLinks({ boards }: { boards: { id: string; title: string; kind: string; state: string }[] }) {
  if (boards.length === 0) return <p>No boards yet.</p>;
  return (
    <ul className={styles.boards}>
      {boards.map((b) => (
        <li key={b.id}>
          <BoardThumbnail boardId={b.id} />
          <Link href={`/boards/${b.id}`}>{b.title}</Link>{' '}
          <span className={styles.muted}>
            ({KIND_LABEL[b.kind] ?? 'Board'}
            {STATE_NOTE[b.state] ?? ''})
          </span>
        </li>
      ))}
    </ul>
  );
}
