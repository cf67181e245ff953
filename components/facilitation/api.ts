/** The browser side of the facilitation commands: one POST per command, errors as plain words. */

/** A command the server refused, with its reason fit to show. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Sends a facilitation command; resolves with the server's answer or rejects with its reason. */
export async function sendCommand<T = unknown>(boardId: string, command: string, body: unknown = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/facilitation/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new CommandError('Could not reach the server. Check the connection and try again.', 0);
  }
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new CommandError(answer.error ?? 'That did not work. Please try again.', response.status);
  return answer as T;
}

/** Reads one of the facilitation lists (votes, display-links); rejects with the server's reason. */
export async function readFacilitation<T>(boardId: string, name: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/facilitation/${name}`, { cache: 'no-store' });
  } catch {
    throw new CommandError('Could not reach the server. Check the connection and try again.', 0);
  }
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new CommandError(answer.error ?? 'That did not work. Please try again.', response.status);
  return answer as T;
}
