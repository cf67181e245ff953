/** @type {import('next').NextConfig} */
const nextConfig = {
  // Never advertise the framework; never leak stack traces (production builds hide them).
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded by Node at run time rather than bundled: server-only packages, and the ones the custom
  // server (server/main.ts: the realtime server, seeding) shares with the app's routes and pages
  // in the same process. Bundled, each route's and page's bundle held a copy of its own beside the
  // custom server's ("Yjs was already imported", "multiple instances of some tldraw libraries").
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    'pino',
    'ws',
    'nodemailer',
    'yjs',
    'y-protocols',
    'lib0',
    '@tldraw/state',
    '@tldraw/store',
    '@tldraw/tlschema',
    '@tldraw/utils',
    '@tldraw/validate',
  ],
  // A separate build folder lets tests build without disturbing a running app.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Security headers (CSP with a nonce per page, HSTS, Permissions-Policy...) are set per request
  // by the custom server: server/http/edge.ts.
};

export default nextConfig;
