import { AppError } from '../errors';
import { log } from '../log';

const NO_STORE = { 'cache-control': 'no-store' };

/** A JSON answer that is never cached (what it says depends on who asks and changes by the second). */
export function jsonResponse(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

/** Maps any failure to one JSON answer: AppErrors keep their status and reason, the rest is logged and hidden. */
export function errorResponse(error: unknown, what: string): Response {
  if (error instanceof AppError) return jsonResponse({ error: error.message, fieldErrors: error.fieldErrors }, error.status);
  log.error({ err: error }, `${what} failed`);
  return jsonResponse({ error: 'Something went wrong on our side. Please try again.' }, 500);
}

/** The JSON body of a request, or a 400 AppError when it is not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('bad_request', 'The request was not valid JSON.');
  }
}
