// `npm run create-facilitator -- --email a@b.org --name "A B"`: makes (or promotes) a facilitator
// on a real deployment and prints a one-time sign-in link. Safe to run again: it updates.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createSignInLink, normalizeEmail } from '../server/auth/magic-link';
import { configureDatabase, createDb } from '../server/db/client';
import { databaseUrl } from '../server/db/location';
import { applyMigrations } from '../server/db/migrate';
import { appOrigin } from '../server/env';
import { ensureSecrets } from '../server/secrets';

const USAGE = 'Usage: npm run create-facilitator -- --email you@example.org --name "Your Name"';

const Args = z.object({
  email: z
    .string({ error: 'Give an email address with --email.' })
    .trim()
    .pipe(z.email('--email must be an email address, like name@example.org.'))
    .transform(normalizeEmail),
  name: z
    .string({ error: 'Give a name with --name (put it in quotes if it has spaces).' })
    .trim()
    .min(1, 'Give a name with --name (put it in quotes if it has spaces).')
    .max(80, '--name must be 80 characters or fewer.'),
});

/** Parses and checks the command line, or explains what is wrong and exits. */
function readArgs(): z.infer<typeof Args> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    fail([error instanceof Error ? error.message : String(error)]);
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((issue) => issue.message));
  return parsed.data;
}

function fail(problems: string[]): never {
  process.stderr.write(`${problems.map((p) => `Problem: ${p}`).join('\n')}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { email, name } = readArgs();
  // The same secret as the server (data/secrets.json), so the printed link works there.
  ensureSecrets();
  await applyMigrations();
  const db = createDb(databaseUrl());
  try {
    await configureDatabase(db);
    const user = await db.user.upsert({
      where: { email },
      create: { email, name, isFacilitator: true },
      update: { name, isFacilitator: true },
    });
    const link = await createSignInLink(db, email);
    process.stdout.write(
      [
        `${user.name} (${email}) is a facilitator and can now create programmes.`,
        '',
        'Open this one-time link to sign in (it works for 24 hours):',
        `  ${link}`,
        '',
        `Later, sign in at ${appOrigin()}/sign-in with ${email}.`,
        '',
      ].join('\n'),
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not create the facilitator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
