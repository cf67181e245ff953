import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { dataDir } from '../db/location';
import type { ImageType } from '../../lib/picture-types';

/** Folders under the data folder: outside public/ and outside every board document. */
export type FileArea = 'uploads' | 'editions' | 'thumbnails';

const EXTENSION: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };
/** Only names we made ourselves are ever opened: 32 hex characters and a known extension. */
const STORED_NAME = /^[a-f0-9]{32}\.(png|jpg|webp|gif)$/;

/** A new random file name for an image (never derived from what the person uploaded). */
export function randomFileName(type: ImageType): string {
  return `${crypto.randomBytes(16).toString('hex')}.${EXTENSION[type]}`;
}

function filePath(area: FileArea, name: string): string {
  if (!STORED_NAME.test(name)) throw new Error(`Refusing to open a stored file named ${JSON.stringify(name)}`);
  return path.join(dataDir(), area, name);
}

/** Writes a file once (never overwriting), creating its folder when needed. */
export async function writeStoredFile(area: FileArea, name: string, data: Uint8Array): Promise<void> {
  const target = filePath(area, name);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, data, { flag: 'wx' });
}

/** Replaces a file through a temporary name, so a reader never sees half of it. */
export async function replaceStoredFile(area: FileArea, name: string, data: Uint8Array): Promise<void> {
  const target = filePath(area, name);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, target);
}

/** Reads a stored file, or null when it is missing. */
export async function readStoredFile(area: FileArea, name: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(filePath(area, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The content type of a stored file, from the extension we gave it. */
export function storedFileType(name: string): ImageType {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  const found = (Object.keys(EXTENSION) as ImageType[]).find((t) => EXTENSION[t] === ext);
  if (!found) throw new Error(`Unknown stored file type ${name}`);
  return found;
}
