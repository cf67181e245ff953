import type { Metadata } from 'next';
import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { RestoreVersion } from '@/components/history/RestoreVersion';
import { VersionOutline } from '@/components/history/VersionOutline';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { versionOutline } from '@/server/history/versions';
import { loadOrNotFound } from '@/server/programme/page-data';

export const metadata: Metadata = { title: 'Old version' };

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

/** One saved version, read-only, with the facilitator's restore button. */
export default async function VersionPage(props: { params: Promise<{ boardId: string; versionId: string }> }) {
  const { boardId, versionId } = await props.params;
  const user = await requireUser(`/boards/${boardId}/history/${versionId}`);
  const { summary, outline } = await loadOrNotFound(versionOutline(db(), user, boardId, versionId));
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <p>
          <Link href={`/boards/${boardId}/history`}>Back to the history</Link>
        </p>
        <h1>Version “{summary.name}”</h1>
        <p>
          Saved <time dateTime={summary.createdAt}>{when.format(new Date(summary.createdAt))}</time>. This is how the board looked then; it
          cannot be changed here.
        </p>
        <RestoreVersion boardId={boardId} versionId={summary.id} versionName={summary.name} />
        <VersionOutline outline={outline} />
      </main>
    </>
  );
}
