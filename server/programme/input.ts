import { z } from 'zod';
import { parseDay } from '../domain/schedule';

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
