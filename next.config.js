/** @type {import('next').NextConfig} */
const nextConfig = {
  // Never advertise the framework; never leak stack traces (production builds hide them).
  poweredByHeader: false,
  reactStrictMode: true,
  // Server-only packages loaded by Node at run time rather than bundled.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pino', 'ws', 'nodemailer'],
  // A separate build folder lets tests build without disturbing a running app.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Security headers (CSP with a nonce per page, HSTS, Permissions-Policy...) are set per request
  // by the custom server: server/http/edge.ts.
};

export default nextConfig;
