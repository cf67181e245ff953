import sharp from 'sharp';
import { notAPictureMessage, sniffImageType, type ImageType } from '../../lib/picture-types';
import { AppError } from '../errors';

/** A photo on a mural tile may be this large before re-encoding (413 above it). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** An edition's rendered image is a print-quality poster source, so it may be larger. */
export const MAX_EDITION_IMAGE_BYTES = 40 * 1024 * 1024;
/** A board list's picture is small. */
export const MAX_THUMBNAIL_BYTES = 1024 * 1024;
/** Refuses "decompression bombs": a tiny file that decodes to a huge bitmap (about 8,000 by 8,000). */
const MAX_INPUT_PIXELS = 64_000_000;

const MB = 1024 * 1024;

/** An image after it was decoded and written again without any metadata. */
export interface CleanImage {
  data: Buffer;
  type: ImageType;
  width: number;
  height: number;
}

/** The refusal of a picture over `maxBytes`, in plain words; `byteLength` when it is known. */
export function imageTooLargeMessage(maxBytes: number, byteLength?: number, what = 'That picture'): string {
  const size = byteLength === undefined ? 'too large' : `${(byteLength / MB).toFixed(1)} MB`;
  return `${what} is ${size}; the limit is ${Math.round(maxBytes / MB)} MB. Please choose a smaller picture.`;
}

/** Refuses a file over `maxBytes` with a 413 that says the limit in plain words. */
export function checkImageSize(byteLength: number, maxBytes: number, what = 'That picture'): void {
  if (byteLength > maxBytes) throw new AppError('too_large', imageTooLargeMessage(maxBytes, byteLength, what));
}

/**
 * Checks an uploaded image by its content and re-encodes it, which drops EXIF (camera, time,
 * GPS position), XMP, ICC-embedded text and PNG text chunks: a lay partner's phone photo must
 * not publish where they live. JPEG orientation is applied first so the photo stays upright.
 * Throws a 413 when too large and a 422 when the bytes are not an image we accept.
 */
export async function cleanImage(bytes: Uint8Array, maxBytes: number, only?: ImageType[]): Promise<CleanImage> {
  checkImageSize(bytes.byteLength, maxBytes);
  const type = sniffImageType(bytes);
  if (!type || (only && !only.includes(type))) {
    throw new AppError('invalid_input', notAPictureMessage(only));
  }
  try {
    const input = sharp(bytes, { animated: type === 'image/gif', limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const pipeline =
      type === 'image/png' ? input.png({ compressionLevel: 6 })
      : type === 'image/jpeg' ? input.rotate().jpeg({ quality: 88, mozjpeg: true })
      : type === 'image/webp' ? input.webp({ quality: 88 })
      : input.gif();
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    // An animated GIF reports the whole strip's height; pageHeight is one frame.
    const height = info.pageHeight ?? info.height;
    return { data, type, width: info.width, height };
  } catch {
    throw new AppError('invalid_input', 'That picture could not be read (it may be damaged or too large in pixels). Please try another one.');
  }
}

/** A small PNG of an image, `width` pixels wide at most, for lists. */
export async function thumbnailOf(image: Uint8Array, width: number): Promise<Buffer> {
  return sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).resize({ width, withoutEnlargement: true }).png({ compressionLevel: 9 }).toBuffer();
}
