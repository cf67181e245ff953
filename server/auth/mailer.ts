import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { dataDir } from '../db/location';
import { env } from '../env';
import { log } from '../log';

/** A plain-text email (we send no HTML: plain text reads well in every client and screen reader). */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/** Where emails go when no SMTP server is configured. */
export function outboxDir(): string {
  return path.join(dataDir(), 'outbox');
}

/** Whether real email is configured (`SMTP_URL`). */
export function hasSmtp(): boolean {
  return Boolean(env().SMTP_URL);
}

/**
 * Sends an email through SMTP when `SMTP_URL` is set. Otherwise writes it to `data/outbox/` as
 * one `.eml` file, so a facilitator on a laptop with no mail server can still run a workshop:
 * the file opens in any mail program and the caller prints the link in the server log.
 * Returns the outbox file path when the email went there.
 */
export async function sendEmail(email: OutgoingEmail): Promise<{ outboxFile?: string }> {
  const { SMTP_URL, EMAIL_FROM } = env();
  if (SMTP_URL) {
    const transport = nodemailer.createTransport(SMTP_URL);
    const result = await transport.sendMail({ from: EMAIL_FROM, to: email.to, subject: email.subject, text: email.text });
    const failed = [...result.rejected, ...(result.pending ?? [])].filter(Boolean);
    if (failed.length) throw new Error(`The email to ${email.to} could not be sent.`);
    return {};
  }
  return { outboxFile: writeToOutbox(EMAIL_FROM, email) };
}

/** Writes one message as an RFC 5322 file with an 8-bit body, so links are never wrapped or encoded. */
function writeToOutbox(from: string, email: OutgoingEmail): string {
  const dir = outboxDir();
  fs.mkdirSync(dir, { recursive: true });
  const now = new Date();
  // Timestamp first so the folder sorts by time; a random suffix keeps two emails in one millisecond apart.
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const safeTo = email.to.replace(/[^a-zA-Z0-9@._-]/g, '_');
  const file = path.join(dir, `${stamp}-${safeTo}-${crypto.randomBytes(3).toString('hex')}.eml`);
  const message = [
    `From: ${from}`,
    `To: ${email.to}`,
    `Subject: ${email.subject}`,
    `Date: ${now.toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    email.text,
    '',
  ].join('\n');
  // Write then rename, so anything watching the folder never reads half a message.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, message, { mode: 0o600 });
  fs.renameSync(partial, file);
  log.debug({ file }, 'email written to the outbox');
  return file;
}
