'use client';

import { useActionState } from 'react';
import type { SuggestionsState } from '@/server/programme/actions';
import { IDLE, type FormState } from '@/lib/form-state';
import { FormMessage } from '../forms/form-message';
import { SubmitButton } from '../forms/submit-button';

/**
 * "Suggest pairs" proposes pairs for everyone still unpaired (in the order they joined);
 * nothing is saved until the facilitator accepts the suggestions. One state for both steps,
 * so accepting clears the (now out of date) suggestions.
 */
export function SuggestPairs(props: {
  suggestAction: (previous: SuggestionsState) => Promise<SuggestionsState>;
  acceptAction: (previous: FormState, formData: FormData) => Promise<FormState>;
}) {
  const [state, dispatch] = useActionState<SuggestionsState, FormData>(async (previous, formData) => {
    if (formData.get('intent') === 'accept') return props.acceptAction(IDLE, formData);
    return props.suggestAction(previous);
  }, IDLE);
  const pairs = state.suggestions?.pairs ?? [];
  const leftOver = state.suggestions?.leftOver ?? [];
  return (
    <section aria-labelledby="suggest-heading">
      <h3 id="suggest-heading">Suggest pairs</h3>
      <p className="field-hint">Proposes a partner for everyone not yet paired, in the order they joined. You can check the list before accepting.</p>
      <form action={dispatch}>
        <input type="hidden" name="intent" value="suggest" />
        <SubmitButton className="secondary">Suggest pairs</SubmitButton>
      </form>
      <FormMessage state={state} />
      {pairs.length ? (
        <form action={dispatch} aria-labelledby="suggestions-heading">
          <input type="hidden" name="intent" value="accept" />
          <h4 id="suggestions-heading">Suggested pairs</h4>
          <ul>
            {pairs.map((p) => (
              <li key={`${p.professional.id}-${p.layPartner.id}`}>
                {p.professional.name} (professional) with {p.layPartner.name} (lay partner)
                <input type="hidden" name="professionalId" value={p.professional.id} />
                <input type="hidden" name="layPartnerId" value={p.layPartner.id} />
              </li>
            ))}
          </ul>
          {leftOver.length ? (
            <p className="notice warn">
              No partner is left for {leftOver.join(', ')}, because the numbers are unequal. Invite another person to balance the cohort.
            </p>
          ) : null}
          <SubmitButton>Accept suggestions</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}
