import type { Metadata } from 'next';
import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { CreateCohortForm } from '@/components/programme/create-cohort-form';
import { CohortList } from '@/components/programme/programme-list';
import { formatDay } from '@/components/format';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { createCohortAction } from '@/server/programme/actions';
import { loadOrNotFound } from '@/server/http/page';
import { getProgrammeOverview } from '@/server/programme/programmes';

export const metadata: Metadata = { title: 'Programme' };

/** A programme: its cohorts, its mural and (for the people who run it) the form for a new cohort. */
export default async function ProgrammePage({ params }: { params: Promise<{ programmeId: string }> }) {
  const { programmeId } = await params;
  const user = await requireUser(`/programmes/${programmeId}`);
  const programme = await loadOrNotFound(getProgrammeOverview(db(), user, programmeId));
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <h1>{programme.name}</h1>
        {programme.celebrationOn ? <p>Celebration: {formatDay(programme.celebrationOn)}</p> : null}
        {programme.murals.map((mural) => (
          <p key={mural.id}>
            <Link href={`/boards/${mural.id}`}>{mural.title}</Link>
          </p>
        ))}
        <section aria-labelledby="cohorts-heading" className="card">
          <h2 id="cohorts-heading">Cohorts ({programme.cohorts.length})</h2>
          <CohortList cohorts={programme.cohorts} />
        </section>
        {programme.canCreateCohort ? (
          <div className="card">
            <CreateCohortForm action={createCohortAction.bind(null, programme.id)} />
          </div>
        ) : null}
      </main>
    </>
  );
}
