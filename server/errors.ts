/** Error codes the app maps to HTTP statuses in one place. */
export const ERROR_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 422,
  bad_request: 400,
  gone: 410,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** A failure with a message fit to show a user, and optional field-level messages. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Not found, used for anything the person may not see (never reveal that it exists). */
export function notFound(what = 'That page'): AppError {
  return new AppError('not_found', `${what} could not be found.`);
}
