import Link from 'next/link';
import type { Metadata } from 'next';
import { formatDay, isoDay } from '@/components/format';
import { JoinForm } from '@/components/auth/JoinForm';
import { describeInvitation, INVITATION_PROBLEMS } from '@/server/auth/invitations';
import { getCurrentUser } from '@/server/auth/session';
import { db } from '@/server/db/client';
import type { MemberRole } from '@/server/domain/roles';

export const metadata: Metadata = { title: 'Join your cohort', robots: { index: false, follow: false } };

type Props = { params: Promise<{ token: string }> };

/** What each role means, for someone who may never have heard the words before. */
const ROLE_IN_WORDS: Record<MemberRole, string> = {
  professional: 'as a healthcare professional',
  lay_partner: 'as a lay partner: someone who brings their own experience as a patient, a carer or a member of the public',
  facilitator: 'as a facilitator, helping to run the cohort',
};

/**
 * The page an invitation link (or its QR code) opens: where and as what the person is invited,
 * then their name. A link that no longer works gets a kind explanation, never an error page.
 */
export default async function InvitePage({ params }: Props) {
  const { token } = await params;
  const [invitation, user] = await Promise.all([describeInvitation(db(), token), getCurrentUser()]);

  if (!invitation || invitation.status !== 'active') {
    return (
      <main id="main" className="page" style={{ maxWidth: '40rem' }}>
        <h1>{invitation ? 'This invitation cannot be used' : 'This invitation link does not work'}</h1>
        <div className="card">
          <p>
            {invitation
              ? INVITATION_PROBLEMS[invitation.status as keyof typeof INVITATION_PROBLEMS]
              : 'Please check that you opened the whole link, or scan the QR code again. If it still does not work, ask your facilitator for a new link.'}
          </p>
          <p>{user ? <Link href="/">Go to your home page</Link> : <Link href="/sign-in">Sign in if you have joined before</Link>}</p>
        </div>
      </main>
    );
  }

  return (
    <main id="main" className="page" style={{ maxWidth: '40rem' }}>
      <h1>Join {invitation.cohortName}</h1>
      <div className="card">
        <p>
          You are invited to join the <strong>{invitation.cohortName}</strong> cohort of {invitation.programmeName},{' '}
          {ROLE_IN_WORDS[invitation.role]}.
        </p>
        <p>
          The cohort meets at <strong>{invitation.venueName}</strong>, {invitation.area}.
        </p>
        {invitation.workshopDates.length > 0 && (
          <>
            <h2 style={{ fontSize: '1.1rem' }}>Workshop days</h2>
            <ul>
              {invitation.workshopDates.map((date) => (
                <li key={date.toISOString()}>
                  <time dateTime={isoDay(date)}>{formatDay(date)}</time>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div className="card">
        <JoinForm token={token} signedInAs={user ? (user.name ?? user.email ?? 'you') : null} />
      </div>
    </main>
  );
}
