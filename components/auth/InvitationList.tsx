import { formatDay, isoDay } from '../format';
import type { InvitationStatus } from '@/server/auth/invitations';
import { ROLE_LABELS, type MemberRole } from '@/server/domain/roles';
import { RevokeInvitationButton } from './RevokeInvitationButton';

export interface InvitationRow {
  id: string;
  role: MemberRole;
  singleUse: boolean;
  uses: number;
  label: string | null;
  expiresAt: Date;
  createdAt: Date;
  status: InvitationStatus;
}

const STATUS_WORDS: Record<InvitationStatus, string> = {
  active: 'Active',
  used: 'Used',
  expired: 'Expired',
  revoked: 'Withdrawn',
};

/** A cohort's invitation links with their status; active ones can be withdrawn. */
export function InvitationList({ cohortId, invitations }: { cohortId: string; invitations: InvitationRow[] }) {
  if (invitations.length === 0) return <p>No invitation links yet.</p>;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <caption className="visually-hidden">Invitation links, newest first</caption>
        <thead>
          <tr style={{ textAlign: 'left' }}>
            <th scope="col">For</th>
            <th scope="col">Note</th>
            <th scope="col">Status</th>
            <th scope="col">Times used</th>
            <th scope="col">Works until</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((row) => {
            const what = `${ROLE_LABELS[row.role]} ${row.singleUse ? 'link for one person' : 'group link'}${row.label ? ` (${row.label})` : ''}`;
            return (
              <tr key={row.id} style={{ borderTop: '1px solid var(--line)' }}>
                <td>
                  {ROLE_LABELS[row.role]}, {row.singleUse ? 'one person' : 'group'}
                </td>
                <td>{row.label ?? ''}</td>
                <td>{STATUS_WORDS[row.status]}</td>
                <td>{row.uses}</td>
                <td>
                  <time dateTime={isoDay(row.expiresAt)}>{formatDay(row.expiresAt)}</time>
                </td>
                <td>{row.status === 'active' && <RevokeInvitationButton cohortId={cohortId} invitationId={row.id} what={what} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
