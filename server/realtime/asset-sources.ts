/**
 * Pictures and videos are uploaded to the server and the board document holds only their
 * address on our upload route (`assetUrl` in server/murals/assets.ts): never the picture itself
 * (a base64 `data:` URL would grow every copy of the document and every log row), and never
 * another host's address (fetched by every viewer's browser, past the board's access check).
 */

/** `/api/assets/<32 hex>`: the only address an image or video asset may point at once uploaded. */
const UPLOADED_ASSET_SRC = /^\/api\/assets\/[a-f0-9]{32}$/;
/** How much of a refused address goes into an error message (a data: URL can be megabytes). */
const SRC_PREVIEW_CHARS = 40;

/**
 * Throws when `record` is an image or video asset whose `props.src` is neither empty (tldraw
 * writes the asset with no source while the upload runs) nor an upload of ours.
 */
export function assertUploadedAssetSource(record: unknown): void {
  const r = record as { typeName?: unknown; type?: unknown; id?: unknown; props?: { src?: unknown } } | null;
  if (typeof r !== 'object' || r === null || r.typeName !== 'asset' || (r.type !== 'image' && r.type !== 'video')) return;
  const src = r.props?.src;
  if (src === null || src === '') return;
  if (typeof src === 'string' && UPLOADED_ASSET_SRC.test(src)) return;
  const shown = typeof src === 'string' ? (src.startsWith('data:') ? `a data: URL (${src.length} characters)` : JSON.stringify(src.slice(0, SRC_PREVIEW_CHARS))) : typeof src;
  throw new Error(`Asset ${String(r.id)} must point at an uploaded file (/api/assets/<id>), not ${shown}`);
}
