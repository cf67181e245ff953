import Link from 'next/link';
import type { Metadata } from 'next';
import path from 'node:path';
import { hasSmtp, outboxDir } from '@/server/auth/mailer';

export const metadata: Metadata = { title: 'Check your email' };
export const dynamic = 'force-dynamic';

/** After asking for a link. Without an email server, says where the link went instead. */
export default function CheckEmailPage() {
  const outbox = path.relative(process.cwd(), outboxDir()) || outboxDir();
  return (
    <main className="page" style={{ maxWidth: '40rem' }}>
      <h1>Check your email</h1>
      <div className="card">
        <p>If that address belongs to someone on Together Board, we have sent it a link to sign in.</p>
        <p>Open the email and select the link. It works once, for the next 24 hours.</p>
        {!hasSmtp() && (
          <div className="notice warn">
            <p style={{ marginTop: 0 }}>
              <strong>This Together Board has no email server set up,</strong> so the email was not sent. The person
              running Together Board can find the link:
            </p>
            <ul style={{ marginBottom: 0 }}>
              <li>
                in the server log (the window where Together Board was started), or
              </li>
              <li>
                in the outbox folder <code>{outbox}</code>, one file per email.
              </li>
            </ul>
          </div>
        )}
        <p>
          No email? <Link href="/sign-in">Try again</Link>, checking the address for typing mistakes.
        </p>
      </div>
    </main>
  );
}
