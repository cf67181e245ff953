import { AppError } from '../errors';
import { checkImageSize } from './images';

/** Headers for files we serve: never sniffed as anything else, never run as a page. */
const FILE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  // Private: each answer depends on who asks. Short, so a removed member soon stops seeing it.
  'cache-control': 'private, max-age=60',
};

/** A stored file as an HTTP answer; `download` names it for saving instead of showing. */
export function fileResponse(data: Uint8Array, type: string, download?: string): Response {
  const headers: Record<string, string> = { ...FILE_HEADERS, 'content-type': type, 'content-length': String(data.byteLength) };
  if (download) headers['content-disposition'] = `attachment; filename="${download.replace(/[^\w.-]/g, '_')}"`;
  return new Response(new Uint8Array(data), { status: 200, headers });
}

/**
 * Reads one file field (and optional text fields) of a multipart request. A body whose
 * declared length is over `maxBytes` is refused before it is read.
 */
export async function readUpload(request: Request, field: string, maxBytes: number): Promise<{ fileName: string; bytes: Uint8Array; fields: Record<string, string> }> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  // Multipart framing adds a little to the file itself.
  if (declared > maxBytes + 64 * 1024) checkImageSize(declared, maxBytes);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError('bad_request', 'The upload could not be read. Please choose the picture again.');
  }
  const file = form.get(field);
  if (!(file instanceof File)) throw new AppError('invalid_input', 'Choose a picture to upload.');
  const fields: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string') fields[key] = value;
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), fields };
}

