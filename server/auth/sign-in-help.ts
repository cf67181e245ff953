import path from 'node:path';
import { db } from '../db/client';
import { DEMO_FACILITATOR_EMAIL } from '../db/demo-seed';
import { appOrigin, env } from '../env';
import { createSignInLink } from './magic-link';
import { hasSmtp, outboxDir } from './mailer';

/**
 * The lines to show after start-up: a ready one-time link for the demo facilitator when the
 * demo exists, otherwise how to sign in or how to create the first facilitator.
 */
export async function signInHelpLines(url: string): Promise<string[]> {
  const config = env();
  // Behind a proxy the public address (APP_URL) differs from the port we listen on.
  const origin = config.APP_URL || config.NEXTAUTH_URL ? appOrigin() : new URL(url).origin;
  const database = db();
  const demo = await database.user.findUnique({ where: { email: DEMO_FACILITATOR_EMAIL }, select: { id: true } });
  const outbox = path.relative(process.cwd(), outboxDir()) || outboxDir();
  const mailLine = hasSmtp()
    ? 'Sign-in emails are sent through SMTP_URL.'
    : `No SMTP_URL is set: sign-in emails are written to ${outbox}/ and their links printed in this log.`;
  if (demo) {
    const link = await createSignInLink(database, DEMO_FACILITATOR_EMAIL, '/', origin);
    return [
      `Together Board is ready at ${origin}`,
      '',
      'To sign in as the demo facilitator, open this one-time link (it works for 24 hours):',
      `  ${link}`,
      `Or sign in at ${origin}/sign-in with ${DEMO_FACILITATOR_EMAIL}.`,
      mailLine,
    ];
  }
  const facilitators = await database.user.count({ where: { isFacilitator: true } });
  if (facilitators > 0) {
    return [`Together Board is ready at ${origin}`, '', `Facilitators sign in at ${origin}/sign-in with their email address.`, mailLine];
  }
  return [
    `Together Board is ready at ${origin}`,
    '',
    'There is no facilitator yet. Create the first one with:',
    '  npm run create-facilitator -- --email you@example.org --name "Your Name"',
    mailLine,
  ];
}

/** Prints how to sign in, in plain words, after the server has started. */
export async function printSignInHelp(url: string): Promise<void> {
  const lines = await signInHelpLines(url);
  const rule = '-'.repeat(72);
  process.stdout.write(`\n${rule}\n${lines.join('\n')}\n${rule}\n\n`);
}
