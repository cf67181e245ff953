import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Together Board', template: '%s · Together Board' },
  description: 'Live workshop boards for professionals and lay partners working together.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/**
 * Every page is rendered per request: its scripts carry that answer's CSP nonce (server/http/edge.ts),
 * which a page built ahead of time could not have.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en-GB">
      <body>{children}</body>
    </html>
  );
}
