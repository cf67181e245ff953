import { AppError } from '../errors';
import { log } from '../log';

/** What a form's server action answers: never a thrown error, always something to show. */
export interface FormState {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** The answers as submitted, so a form that failed keeps what the person typed. */
  values?: Record<string, string>;
  /** Things to look at that did not stop the save (for example the schedule rule). */
  warnings?: string[];
  link?: { href: string; label: string };
}

export const IDLE: FormState = { status: 'idle' };

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
