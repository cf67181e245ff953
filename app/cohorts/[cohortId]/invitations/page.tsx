import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateInvitationForm } from '@/components/auth/CreateInvitationForm';
import { InvitationList } from '@/components/auth/InvitationList';
import { SiteHeader } from '@/components/site-header';
import { listInvitations } from '@/server/auth/invitations';
import { requireUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import { loadOrNotFound } from '@/server/http/page';

export const metadata: Metadata = { title: 'Invitations' };

type Props = { params: Promise<{ cohortId: string }> };

/** A cohort's facilitators create, share and withdraw invitation links here. */
export default async function InvitationsPage({ params }: Props) {
  const { cohortId } = await params;
  const user = await requireUser(`/cohorts/${cohortId}/invitations`);
  const { cohort, invitations } = await loadOrNotFound(listInvitations(db(), user, cohortId));
  return (
    <>
      <SiteHeader user={user} />
      <main id="main" className="page">
        <p>
          <Link href={`/cohorts/${cohort.id}`}>Back to {cohort.name}</Link>
        </p>
        <h1>Invite people to {cohort.name}</h1>
        <p>
          {cohort.venue}, {cohort.area}. Each person opens their link (or scans its QR code), types their name and joins. Nobody
          needs a password.
        </p>
        <div className="card">
          <CreateInvitationForm cohortId={cohort.id} closedInvitationIds={invitations.filter((i) => i.status !== 'active').map((i) => i.id)} />
        </div>
        <section aria-labelledby="invitation-list-heading" className="card">
          <h2 id="invitation-list-heading">Invitation links</h2>
          <InvitationList cohortId={cohort.id} invitations={invitations} />
        </section>
      </main>
    </>
  );
}
