import { requireApiUser, type CurrentUser } from '../auth/session';
import { errorResponse, jsonResponse } from './responses';

type Params = Record<string, string>;

/** What a route body returns: a finished answer, or something to send as JSON (200, never cached). */
type RouteResult = Response | object;

/** The exported handler Next calls. */
type RouteHandler<P extends Params> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/**
 * A route handler open to anyone (display links, share links, board tokens, which check their
 * own credentials): runs `body` and maps every failure to one JSON answer (`errorResponse`), so
 * the body holds only what is particular to the route. `what` names the route in the log.
 */
export function publicRoute<P extends Params>(what: string, body: (request: Request, params: P) => Promise<RouteResult>): RouteHandler<P> {
  return async (request, context) => {
    try {
      const result = await body(request, await context.params);
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      return errorResponse(error, what);
    }
  };
}

/**
 * A route handler for signed-in people: resolves the person first (401 without a session), then
 * runs `body` like `publicRoute`. Membership, input and permission are checked by the service
 * the body calls, through its gate (server/access/).
 */
export function userRoute<P extends Params>(
  what: string,
  body: (request: Request, params: P, user: CurrentUser) => Promise<RouteResult>,
): RouteHandler<P> {
  return publicRoute<P>(what, async (request, params) => body(request, params, await requireApiUser()));
}
