'use client';

import { useActionState } from 'react';
import { revokeInvitationAction } from '@/server/auth/actions';
import { IDLE } from '@/lib/form-state';
import { SubmitButton } from '../forms/submit-button';

/** Withdraws one invitation; `what` names it for screen readers, since every row has this button. */
export function RevokeInvitationButton({ cohortId, invitationId, what }: { cohortId: string; invitationId: string; what: string }) {
  const [state, action] = useActionState(revokeInvitationAction.bind(null, cohortId), IDLE);
  return (
    <form action={action}>
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton className="danger">
        Withdraw<span className="visually-hidden"> {what}</span>
      </SubmitButton>
      {state.status === 'error' && (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      )}
    </form>
  );
}
