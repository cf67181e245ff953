import type { Metadata } from 'next';
import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { SaveVersionForm } from '@/components/history/SaveVersionForm';
import { db } from '@/server/db/client';
import { can } from '@/server/domain/permissions';
import { listVersions } from '@/server/history/versions';
import { loadBoardPage } from '@/server/http/page';

export const metadata: Metadata = { title: 'Board history' };

const KIND_TEXT = { named: 'Saved by hand', auto: 'Saved automatically', before_restore: 'Saved automatically before a restore' } as const;

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

/** A board's saved versions and exports; editors save versions, facilitators look at and restore them. */
export default async function BoardHistoryPage(props: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await props.params;
  const { user, board, role, access } = await loadBoardPage(boardId, 'history');
  const versions = await listVersions(db(), user, boardId);
  const canRestore = can(role, 'board.restoreVersion');
  const exportBase = `/api/boards/${board.id}/notes`;
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <p>
          <Link href={`/boards/${board.id}`}>Back to the board</Link> · <Link href={`/boards/${board.id}/outline`}>Text outline</Link>
        </p>
        <h1>History of {board.title}</h1>
        {access === 'edit' ? <SaveVersionForm boardId={board.id} /> : null}
        <section aria-labelledby="versions-heading">
          <h2 id="versions-heading">Saved versions</h2>
          {!canRestore && versions.length > 0 ? <p>Only a facilitator can look at an earlier version and bring it back: ask yours if something needs restoring.</p> : null}
          {versions.length === 0 ? (
            <p>No versions yet.</p>
          ) : (
            <ol reversed>
              {versions.map((v) => (
                <li key={v.id}>
                  <strong>{v.name}</strong> — {KIND_TEXT[v.kind]}, <time dateTime={v.createdAt}>{when.format(new Date(v.createdAt))}</time>
                  {v.createdByName ? ` by ${v.createdByName}` : ''}
                  {canRestore ? (
                    <>
                      {' '}
                      · <Link href={`/boards/${board.id}/history/${v.id}`}>Look at “{v.name}”</Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
        {can(role, 'board.export') ? (
          <section aria-labelledby="export-heading">
            <h2 id="export-heading">Export the notes</h2>
            <p>Every note, grouped by area, with each author’s role.</p>
            <ul>
              <li>
                <a href={`${exportBase}?format=csv`}>Notes as CSV (spreadsheet)</a>
              </li>
              <li>
                <a href={`${exportBase}?format=markdown`}>Notes as Markdown (text)</a>
              </li>
              {can(role, 'board.exportNames') ? (
                <li>
                  <a href={`${exportBase}?format=csv&names=1`}>Notes as CSV with authors’ names</a> (facilitators only; share with care)
                </li>
              ) : null}
            </ul>
          </section>
        ) : null}
      </main>
    </>
  );
}
