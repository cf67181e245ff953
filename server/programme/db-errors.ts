import { Prisma } from '../db/generated/sqlite/client';

/** Whether a database error is a unique-constraint violation (Prisma P2002, on SQLite and PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
