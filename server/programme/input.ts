import { z } from 'zod';
import { AppError } from '../errors';
import { parseDay } from '../domain/schedule';

/** Who is acting: the signed-in person, as far as these services need to know. */
export interface Actor {
  id: string;
  isFacilitator: boolean;
}

const MAX_NAME_LENGTH = 120;
const MAX_CHALLENGE_LENGTH = 2000;

function requiredText(what: string, max = MAX_NAME_LENGTH) {
  return z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Keep ${what} to ${max} characters or fewer.`);
}

function workshopDate(number: number) {
  return z
    .string({ error: `Enter the date of workshop ${number}.` })
    .trim()
    .min(1, `Enter the date of workshop ${number}.`)
    .refine((value) => parseDay(value) !== null, `Enter the date of workshop ${number} as a real date, for example 2026-03-14.`)
    .transform((value) => parseDay(value) as Date);
}

const id = (what: string) => z.string({ error: `Choose ${what}.` }).trim().min(1, `Choose ${what}.`).max(64, `Choose ${what}.`);

export const ProgrammeInput = z.object({
  name: requiredText('a programme name'),
  celebrationOn: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || parseDay(value) !== null, 'Enter the celebration date as a real date, for example 2026-11-20.')
    .transform((value) => (value ? parseDay(value) : null)),
});

export const CohortInput = z.object({
  name: requiredText('a cohort name'),
  venue: requiredText('the venue'),
  area: requiredText('the area'),
  workshop1: workshopDate(1),
  workshop2: workshopDate(2),
  workshop3: workshopDate(3),
});

export const ProjectInput = z.object({
  projectTitle: requiredText('a project title'),
  challenge: z
    .string()
    .trim()
    .max(MAX_CHALLENGE_LENGTH, `Keep the challenge to ${MAX_CHALLENGE_LENGTH} characters or fewer.`)
    .optional()
    .transform((value) => value ?? ''),
});

export const PairInput = ProjectInput.extend({
  professionalId: id('a professional'),
  layPartnerId: id('a lay partner'),
});

export const RePairInput = PairInput.extend({ pairId: id('the pair to change') });

export const PairIdInput = z.object({ pairId: id('a pair') });

export const MemberIdInput = z.object({ memberId: id('a person') });

export const AcceptSuggestionsInput = z.object({
  pairs: z
    .array(z.object({ professionalId: id('a professional'), layPartnerId: id('a lay partner') }))
    .min(1, 'There are no suggested pairs to accept.')
    .max(200, 'Too many pairs at once.'),
});

/** Parses input with `schema`, or throws a 422 AppError carrying field-level messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  throw new AppError('invalid_input', 'Some answers need checking. See the messages next to each one.', fieldErrors);
}

/** A display name for a person: never blank, because lists are read aloud by screen readers. */
export function displayName(user: { name: string | null; email: string | null }): string {
  return user.name?.trim() || user.email || 'Unnamed person';
}
