import { redirect } from 'next/navigation';
import type { FormState } from '../../lib/form-state';
import { requireApiUser, type CurrentUser } from '../auth/session';
import { AppError } from '../errors';
import { log } from '../log';

/** The text answers of a form as a plain object (files and the action's own fields left out). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$ACTION')) values[key] = value;
  }
  return values;
}

/** Turns any failure into a form state: AppErrors keep their message, anything else is logged and hidden. */
export function failureState(error: unknown, values?: Record<string, string>): FormState {
  if (error instanceof AppError) {
    const message =
      error.code === 'unauthenticated'
        ? 'You have been signed out. Please sign in again; nothing was saved.'
        : error.message;
    return {
      status: 'error',
      message,
      fieldErrors: error.fieldErrors,
      values,
      link: error.code === 'unauthenticated' ? { href: '/sign-in', label: 'Sign in' } : undefined,
    };
  }
  log.error({ err: error }, 'form action failed');
  return { status: 'error', message: 'Something went wrong on our side. Please try again in a moment.', values };
}

/** How a form action's body ends: a state to show, or a page to go to. */
export type ActionOutcome<S extends FormState> = S | { redirectTo: string };

interface ActionOptions {
  /** Send the typed answers back on failure so the form keeps them (false for forms of hidden fields only). */
  keepValues?: boolean;
}

/**
 * The one wrapper of a form's server action: reads the answers, runs `body`, and turns any
 * failure into a form state (never a thrown error to the person). A redirect happens after,
 * outside the catch, because Next's redirect is thrown. The origin check and body limit are
 * the HTTP edge's (server/http/edge.ts).
 */
export async function formAction<S extends FormState>(
  formData: FormData | undefined,
  body: (values: Record<string, string>) => Promise<ActionOutcome<S>>,
  options: ActionOptions = {},
): Promise<S> {
  const values = formData ? formValues(formData) : {};
  let outcome: ActionOutcome<S>;
  try {
    outcome = await body(values);
  } catch (error) {
    return failureState(error, options.keepValues === false ? undefined : values) as S;
  }
  if ('redirectTo' in outcome) redirect(outcome.redirectTo);
  return outcome;
}

/** `formAction` for signed-in people: resolves the person first (a signed-out person is told so, with a link to sign in). */
export async function signedInAction<S extends FormState>(
  formData: FormData | undefined,
  body: (user: CurrentUser, values: Record<string, string>) => Promise<ActionOutcome<S>>,
  options: ActionOptions = {},
): Promise<S> {
  return formAction<S>(formData, async (values) => body(await requireApiUser(), values), options);
}
