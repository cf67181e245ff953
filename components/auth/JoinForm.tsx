'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { joinCohortAction, type JoinState } from '@/server/auth/actions';
import { IDLE } from '@/lib/form-state';
import { TextField } from '../forms/fields';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';

/**
 * Asks only for a name (and an optional email), then joins. Someone already signed in just
 * confirms. React runs a form's submissions one after another, so a double click's second
 * submission arrives signed in and simply finds the person already joined.
 */
export function JoinForm({ token, signedInAs }: { token: string; signedInAs: string | null }) {
  const [state, action] = useActionState<JoinState, FormData>(joinCohortAction.bind(null, token), IDLE);

  if (state.checkEmail) {
    return (
      <div role="status">
        <h2>Check your email</h2>
        <p>
          There is already an account for <strong>{state.checkEmail}</strong>. To keep it safe, we have emailed that address a
          link to sign in. Open it and you will come back here to join.
        </p>
        <p>If the email does not arrive, ask your facilitator.</p>
      </div>
    );
  }

  if (signedInAs) {
    return (
      <form action={action}>
        <h2>Join as yourself</h2>
        <FormMessage state={state} />
        <p>
          You are signed in as <strong>{signedInAs}</strong>. Joining adds this cohort to your account.
        </p>
        <p>
          Not you? <Link href="/sign-out">Sign out</Link> first, then open the invitation link again.
        </p>
        <SubmitButton>Join the cohort</SubmitButton>
      </form>
    );
  }

  return (
    <form action={action} noValidate>
      <h2>About you</h2>
      <FormMessage state={state} />
      <TextField
        name="name"
        label="Your name"
        hint="This is how the others in your cohort will see you. Your first name is fine."
        autoComplete="name"
        state={state}
        required
      />
      <TextField
        name="email"
        type="email"
        label="Email address (optional)"
        hint="Only if you would like to sign in again later, for example on another computer. We will only use it to send you sign-in links."
        autoComplete="email"
        state={state}
      />
      <SubmitButton>Join the cohort</SubmitButton>
    </form>
  );
}
