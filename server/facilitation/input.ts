import { z } from 'zod';
import { MAX_TIMER_MS } from './timer-rules';

/** The most dots one person may have in one vote. */
export const MAX_VOTES_PER_PERSON = 20;
const MAX_ADD_MS = 60 * 60 * 1000;
const MAX_MESSAGE_LENGTH = 140;
const MAX_DISPLAY_DAYS = 30;

// tldraw shape ids: "shape:" then the id tldraw or a template chose.
const shapeId = (what: string) =>
  z
    .string({ error: `Choose ${what}.` })
    .regex(/^shape:[A-Za-z0-9_-]{1,100}$/, `Choose ${what}.`);

const duration = z
  .number({ error: 'Enter how long, in minutes and seconds.' })
  .int('Enter a whole number of milliseconds.')
  .min(1000, 'The timer needs at least one second.')
  .max(MAX_TIMER_MS, 'The timer can run for four hours at most.');

export const LockInput = z.object({ locked: z.boolean({ error: 'Say whether the board should be locked.' }) });

export const TimerInput = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('set'), durationMs: duration }),
    z.object({ type: z.literal('start'), durationMs: duration.optional() }),
    z.object({ type: z.literal('pause') }),
    z.object({
      type: z.literal('add'),
      ms: z.number({ error: 'Enter how much time to add.' }).int().min(1000, 'Add at least one second.').max(MAX_ADD_MS, 'Add an hour at most at a time.'),
    }),
    z.object({ type: z.literal('stop') }),
  ],
  { error: 'Choose set, start, pause, add or stop.' },
);

export const StartVoteInput = z.object({
  frameId: shapeId('a frame').nullable().default(null),
  votesPerPerson: z
    .number({ error: 'Enter how many votes each person has.' })
    .int('Enter a whole number of votes.')
    .min(1, 'Each person needs at least one vote.')
    .max(MAX_VOTES_PER_PERSON, `Each person can have ${MAX_VOTES_PER_PERSON} votes at most.`),
});

export const VoteIdInput = z.object({ voteId: z.string({ error: 'Choose a vote.' }).min(1, 'Choose a vote.').max(64, 'Choose a vote.') });

export const BallotInput = VoteIdInput.extend({ shapeId: shapeId('a sticky note') });

export const CelebrateInput = z.object({
  message: z
    .string()
    .trim()
    .max(MAX_MESSAGE_LENGTH, `Keep the message to ${MAX_MESSAGE_LENGTH} characters or fewer.`)
    .optional()
    .transform((m) => m || 'Well done, everyone!'),
});

export const CreateDisplayLinkInput = z.object({
  label: z.string().trim().max(80, 'Keep the name to 80 characters or fewer.').optional(),
  days: z.number().int().min(1, 'A display link lasts at least one day.').max(MAX_DISPLAY_DAYS, `A display link lasts ${MAX_DISPLAY_DAYS} days at most.`).default(1),
});

export const DisplayLinkIdInput = z.object({ displayLinkId: z.string({ error: 'Choose a display link.' }).min(1).max(64) });

/** No input at all (summon, release). */
export const NoInput = z.object({}).default({});
