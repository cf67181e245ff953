import type { Db } from '../db/client';
import type { Actor } from '../domain/people';
import { createDisplayLink, displayUrl, listDisplayLinks, revokeDisplayLink } from './display-links';
import { celebrate, releaseEveryone, setBoardLocked, summonEveryone } from './room';
import { commandTimer } from './timer';
import { castVote, endVote, listVoteResults, revealVote, startVote, uncastVote } from './votes';

type Command = (db: Db, actor: Actor, boardId: string, input: unknown) => Promise<unknown>;

/** Every facilitation command a client may POST, by name. Each service runs its own gate. */
export const FACILITATION_COMMANDS: Record<string, Command> = {
  lock: setBoardLocked,
  timer: commandTimer,
  summon: summonEveryone,
  release: releaseEveryone,
  celebrate,
  'vote-start': startVote,
  'vote-reveal': revealVote,
  'vote-end': endVote,
  'vote-cast': castVote,
  'vote-uncast': uncastVote,
  'display-link-create': async (db, actor, boardId, input) => {
    const link = await createDisplayLink(db, actor, boardId, input);
    return { ...link, url: displayUrl(boardId, link.token) };
  },
  'display-link-revoke': revokeDisplayLink,
};

/** Facilitation reads a client may GET, by name. */
export const FACILITATION_READS: Record<string, (db: Db, actor: Actor, boardId: string) => Promise<unknown>> = {
  votes: listVoteResults,
  'display-links': listDisplayLinks,
};
