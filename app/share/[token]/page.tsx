import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ZoomableImage } from '@/components/mural/ZoomableImage';
import { formatEditionDate } from '@/components/mural/format';
import { db } from '@/server/db/client';
import { resolveEditionShare } from '@/server/murals/share-links';

type Props = { params: Promise<{ token: string }> };

export const dynamic = 'force-dynamic';

const loadShared = cache(async (token: string) => {
  const edition = await resolveEditionShare(db(), token);
  if (!edition) notFound();
  return edition;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const edition = await loadShared((await params).token);
  // A shared link is for the people it was given to, not for search engines.
  return { title: edition.title, robots: { index: false, follow: false } };
}

/** A shared edition, signed out and view only: its picture with zoom. Stops at once when the link is revoked. */
export default async function SharedEditionPage({ params }: Props) {
  const { token } = await params;
  const edition = await loadShared(token);
  // A mural's title already names its programme ("Leading Together 2016: celebration mural").
  const { title: boardTitle, programme } = edition.board;
  const muralName = boardTitle.includes(programme.name) ? boardTitle : `${boardTitle} (${programme.name})`;
  return (
    <main id="main" className="page">
      <h1>{edition.title}</h1>
      <p>
        {muralName}, published{' '}
        <time dateTime={edition.publishedAt.toISOString()}>{formatEditionDate(edition.publishedAt.toISOString())}</time>.
      </p>
      <ZoomableImage
        src={`/share/${encodeURIComponent(token)}/image`}
        alt={`The celebration mural as published in the edition "${edition.title}".`}
        width={edition.imageWidth}
        height={edition.imageHeight}
      />
    </main>
  );
}
