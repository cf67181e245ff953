import { expect } from 'vitest';
import { AppError } from '../../server/errors';

/** Expects `promise` to fail with an AppError of `code` (and a message matching `message`), returning it for further checks. */
export async function expectAppError(promise: Promise<unknown>, code: AppError['code'], message?: RegExp): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
  return error as AppError;
}
