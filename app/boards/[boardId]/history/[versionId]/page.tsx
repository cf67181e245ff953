import type { Metadata } from 'next';
import Link from 'next/link';
import type { TLStoreSnapshot } from 'tldraw';
import { SiteHeader } from '@/components/site-header';
import { RestoreVersion } from '@/components/history/RestoreVersion';
import { VersionOutline } from '@/components/history/VersionOutline';
import { VersionView } from '@/components/history/VersionView';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { versionView } from '@/server/history/versions';
import { loadOrNotFound } from '@/server/http/page';

export const metadata: Metadata = { title: 'Old version' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });

const KIND_TEXT = { named: 'saved by hand', auto: 'saved automatically', before_restore: 'saved automatically just before a restore' } as const;

/** One saved version, read-only (as a canvas, or as text), with the facilitator's restore button. */
export default async function VersionPage(props: { params: Promise<{ boardId: string; versionId: string }> }) {
  const { boardId, versionId } = await props.params;
  const user = await requireUser(`/boards/${boardId}/history/${versionId}`);
  const { summary, outline, records } = await loadOrNotFound(versionView(db(), user, boardId, versionId));
  const snapshot = records.schema ? (records as unknown as TLStoreSnapshot) : null;
  const date = when.format(new Date(summary.createdAt));
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <p>
          <Link href={`/boards/${boardId}/history`}>Back to the history</Link> · <Link href={`/boards/${boardId}`}>Back to the live board</Link>
        </p>
        <h1>Version “{summary.name}”</h1>
        <p className="notice warn" role="note">
          <strong>
            You are looking at the version of <time dateTime={summary.createdAt}>{date}</time>
          </strong>{' '}
          ({KIND_TEXT[summary.kind]}). This is how the board looked then; nothing can be changed here, and the live board is not affected
          unless you restore this version.
        </p>
        <RestoreVersion boardId={boardId} versionId={summary.id} versionName={summary.name} />
        <VersionView snapshot={snapshot} outline={<VersionOutline outline={outline} />} />
      </main>
    </>
  );
}
