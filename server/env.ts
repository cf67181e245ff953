import { z } from 'zod';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true'));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** The public origin people use, e.g. https://board.example.org. */
  APP_URL: z.url().optional(),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(16, 'NEXTAUTH_SECRET must be at least 16 characters'),
  BOARD_TOKEN_SECRET: z.string().min(16, 'BOARD_TOKEN_SECRET must be at least 16 characters'),
  /** A `file:` URL (SQLite; default data/together-board.db) or `postgresql://user:password@host:5432/db`. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/i, 'DATABASE_URL must be a file: URL (SQLite) or a postgresql:// URL')
    .optional(),
  /** Extra origins allowed to open board sockets, comma-separated. */
  ALLOWED_ORIGINS: z.string().optional(),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default('Together Board <no-reply@together-board.local>'),
  DEMO: booleanFlag,
  /** Sign-in emails one address may receive in 15 minutes (sign-in-throttle.ts). */
  SIGN_IN_EMAILS_PER_15_MIN: z.coerce.number().int().min(1).max(1000).default(5),
  NEXT_PUBLIC_TLDRAW_LICENSE_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated environment, parsed once. Throws a readable error naming each bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** The origin the app is served from (for links in emails, QR codes and Origin checks). */
export function appOrigin(): string {
  const e = env();
  const url = e.APP_URL ?? e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  return new URL(url).origin;
}

/** Origins allowed to open a board socket. */
export function allowedOrigins(): Set<string> {
  const extra = (env().ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => new URL(s).origin);
  return new Set([appOrigin(), ...extra]);
}

/** For tests that change the environment between servers in one process. */
export function resetEnvCache(): void {
  cached = undefined;
}
