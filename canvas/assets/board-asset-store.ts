import type { TLAssetStore } from 'tldraw';

/** Reads the reason our API gave for refusing, or a plain fallback. */
export async function refusalMessage(response: Response, fallback: string): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : fallback;
}

/**
 * Where a board's pictures go: uploaded to the server (which checks, cleans and stores them)
 * so the board document only holds `/api/assets/<id>`, never the picture itself.
 */
export function createBoardAssetStore(boardId: string): TLAssetStore {
  return {
    async upload(_asset, file, abortSignal) {
      const form = new FormData();
      form.append('file', file, file.name);
      const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/assets`, { method: 'POST', body: form, signal: abortSignal });
      if (!response.ok) throw new Error(await refusalMessage(response, 'The picture could not be uploaded. Please try again.'));
      const { src } = (await response.json()) as { src: string };
      return { src };
    },
    resolve(asset) {
      // Served by the app with the viewer's session: no credentials in the URL.
      return asset.props.src;
    },
  };
}
