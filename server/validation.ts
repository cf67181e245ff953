import type { z } from 'zod';
import { AppError } from './errors';

/** What a form shows above its field messages when some answers need checking. */
export const FORM_SUMMARY = 'Some answers need checking. See the messages next to each one.';
/** Use the first problem itself as the answer's message: an upload or API call has no form to mark up. */
export const FIRST_ISSUE = Symbol('first issue');

/**
 * The one way input is validated: parses `input` with `schema`, or throws a 422 AppError
 * carrying each field's messages. Its message is `summary`, or the first problem (FIRST_ISSUE).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, summary: string | typeof FIRST_ISSUE = FORM_SUMMARY): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.length ? String(issue.path[0]) : 'form'] ??= []).push(issue.message);
  const message = summary === FIRST_ISSUE ? (parsed.error.issues[0]?.message ?? 'That request could not be understood.') : summary;
  throw new AppError('invalid_input', message, fieldErrors);
}
