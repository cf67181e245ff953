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

/** A form's state before it is sent. */
export const IDLE: FormState = { status: 'idle' };
