import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import type { TLStoreSnapshot } from 'tldraw';
import { SiteHeader } from '@/components/site-header';
import { EditionView } from '@/components/mural/EditionView';
import { formatEditionDate } from '@/components/mural/format';
import { ShareLinks } from '@/components/mural/ShareLinks';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { can } from '@/server/domain/permissions';
import { AppError } from '@/server/errors';
import { getEditionForViewer } from '@/server/murals/editions';
import { fileSlug } from '@/lib/poster';

type Props = { params: Promise<{ editionId: string }> };

const loadEdition = cache(async (editionId: string) => {
  const user = await requireUser(`/gallery/editions/${encodeURIComponent(editionId)}`);
  try {
    return { user, edition: await getEditionForViewer(db(), user.id, editionId) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { edition } = await loadEdition((await params).editionId);
  return { title: `${edition.title} · ${edition.boardTitle}` };
}

/** One published edition: its picture, the frozen mural to explore, downloads, and share links for facilitators. */
export default async function EditionPage({ params }: Props) {
  const { user, edition } = await loadEdition((await params).editionId);
  const snapshot = edition.records.schema ? (edition.records as unknown as TLStoreSnapshot) : null;
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <p>
          <Link href="/gallery">← Mural gallery</Link>
        </p>
        <h1>{edition.title}</h1>
        <p>
          {edition.boardTitle}, published <time dateTime={edition.publishedAt}>{formatEditionDate(edition.publishedAt)}</time>. This edition never
          changes; <Link href={`/boards/${edition.boardId}`}>the live mural</Link> may have moved on.
        </p>
        <EditionView
          editionId={edition.id}
          title={edition.title}
          imageWidth={edition.imageWidth}
          imageHeight={edition.imageHeight}
          snapshot={snapshot}
          self={{ id: user.id, name: user.name ?? '' }}
          fileName={fileSlug(edition.title)}
        />
        {can(edition.role, 'mural.publish') && <ShareLinks editionId={edition.id} />}
      </main>
    </>
  );
}
