import type { Metadata } from 'next';
import Link from 'next/link';
import { SiteHeader } from '@/components/site-header';
import { MemberLists } from '@/components/cohort/member-lists';
import { PairForm } from '@/components/cohort/pair-form';
import { PairList } from '@/components/cohort/pair-list';
import { SuggestPairs } from '@/components/cohort/suggest-pairs';
import { CohortBoards, CohortWorkshops } from '@/components/cohort/cohort-details';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { acceptSuggestionsAction, pairAction, rePairAction, removeMemberAction, suggestPairsAction, unpairAction } from '@/server/programme/actions';
import { cohortNotice } from '@/server/programme/cohort-notices';
import { getCohortOverview } from '@/server/programme/cohorts';
import { loadOrNotFound } from '@/server/http/page';
import { todayInUk } from '@/server/programme/home';

export const metadata: Metadata = { title: 'Cohort' };

/** A cohort: workshops, people side by side, pairs and boards; facilitators manage pairs here. */
export default async function CohortPage(props: { params: Promise<{ cohortId: string }>; searchParams: Promise<{ notice?: string | string[] }> }) {
  const { cohortId } = await props.params;
  const notice = cohortNotice((await props.searchParams).notice);
  const user = await requireUser(`/cohorts/${cohortId}`);
  const overview = await loadOrNotFound(getCohortOverview(db(), user, cohortId));
  const { cohort, canManagePairs } = overview;
  const id = cohort.id;
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <p>
          <Link href={`/programmes/${cohort.programmeId}`}>{cohort.programmeName}</Link>
        </p>
        <h1>{cohort.name}</h1>
        {notice ? (
          <p className="notice ok" role="status">
            {notice}
          </p>
        ) : null}
        <p>
          Venue: {cohort.venue}, {cohort.area}
        </p>
        {overview.canManageInvitations ? (
          <p>
            <Link href={`/cohorts/${id}/invitations`}>Invite people to {cohort.name}</Link>
          </p>
        ) : null}
        <CohortWorkshops workshops={overview.workshops} today={todayInUk()} warnings={canManagePairs ? overview.scheduleWarnings : []} />
        <MemberLists overview={overview} removeAction={canManagePairs ? removeMemberAction.bind(null, id) : undefined} />
        <section aria-labelledby="pairs-heading">
          <h2 id="pairs-heading">Pairs ({overview.pairs.length})</h2>
          <PairList
            overview={overview}
            unpairAction={canManagePairs ? unpairAction.bind(null, id) : undefined}
            rePairAction={canManagePairs ? rePairAction.bind(null, id) : undefined}
          />
          {canManagePairs ? (
            <div className="card">
              {overview.unpaired.professionals.length || overview.unpaired.layPartners.length ? (
                <p>
                  Not yet paired: {[...overview.unpaired.professionals, ...overview.unpaired.layPartners].map((p) => p.name).join(', ')}.
                </p>
              ) : (
                <p>Everyone is paired.</p>
              )}
              <PairForm action={pairAction.bind(null, id)} professionals={overview.unpaired.professionals} layPartners={overview.unpaired.layPartners} />
              <SuggestPairs suggestAction={suggestPairsAction.bind(null, id)} acceptAction={acceptSuggestionsAction.bind(null, id)} />
            </div>
          ) : null}
        </section>
        <CohortBoards boards={overview.boards} />
        {canManagePairs ? <p><a href={`/api/cohorts/${id}/evaluation.csv`}>Download the evaluation figures (CSV, counts only, no names)</a></p> : null}
      </main>
    </>
  );
}
