'use client';

import { useActionState } from 'react';
import { IDLE, type FormState } from '@/lib/form-state';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';

type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;

/**
 * Removes someone from the cohort, behind a disclosure that says what happens first, so a
 * stray click or key press cannot remove anyone.
 */
export function RemoveMemberButton({ action: remove, memberId, name }: { action: FormAction; memberId: string; name: string }) {
  const [state, action] = useActionState(remove, IDLE);
  return (
    <details>
      <summary>
        Remove<span className="visually-hidden"> {name} from the cohort</span>
      </summary>
      <form action={action}>
        <p>
          {name} will no longer be able to open this cohort&apos;s boards. What they wrote stays on the boards; their pair
          board, if they have one, is archived and kept.
        </p>
        <input type="hidden" name="memberId" value={memberId} />
        <SubmitButton className="danger">Remove {name}</SubmitButton>
        <FormMessage state={state} />
      </form>
    </details>
  );
}
