/**
 * The picture types a board accepts, decided from a file's first bytes, never from its name or a
 * browser's claim: the server checks every upload with this (server/murals/images.ts), and the
 * board checks a file before it tries to show or upload it (canvas/assets/picture-checks.ts),
 * so both say the same thing about a file that is not a picture.
 */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/** The image type a file's first bytes declare, or null when they are not one we accept. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts([0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  return null;
}

/** How many first bytes sniffImageType reads. */
export const SNIFF_BYTES = 12;

/** What a person is told about a file that is not a picture (of the types in `only`, when given). */
export function notAPictureMessage(only?: ImageType[]): string {
  const allowed = only ? only.map((t) => t.replace('image/', '').toUpperCase()).join(' or ') : 'PNG, JPEG, WebP or GIF';
  return `That file is not a picture we can use. Please choose a ${allowed} image.`;
}
