/**
 * Print posters of a mural: one high-resolution PNG on an A3 or A1 page (turned to match the
 * picture), with its title underneath. Runs in the browser (the live mural) and on the server
 * (an edition), so it imports nothing of ours.
 */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

/** Poster sizes we print, in millimetres (portrait). */
export const POSTER_SIZES_MM = { A3: { width: 297, height: 420 }, A1: { width: 594, height: 841 } } as const;
export type PosterSize = keyof typeof POSTER_SIZES_MM;

/** Pixels along the long side of the picture for sharp print: about 200 dpi on A3, 150 dpi on A1. */
export const POSTER_LONG_SIDE_PX: Record<PosterSize, number> = { A3: 3300, A1: 4960 };

const POINTS_PER_MM = 72 / 25.4;
const MARGIN_MM = 12;
const CAPTION_MM = 14;

/** Whether a value names a poster size we print. */
export function isPosterSize(value: unknown): value is PosterSize {
  return value === 'A3' || value === 'A1';
}

/** The standard PDF font only has Western European letters; anything else would stop the export. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2026]/g, '?');
}

/** A poster PDF of `png` with `caption` underneath, on `size` paper. */
export async function buildPosterPdf(png: Uint8Array, size: PosterSize, caption: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(caption);
  pdf.setCreator('Together Board');
  const image = await pdf.embedPng(png);
  const paper = POSTER_SIZES_MM[size];
  const landscape = image.width > image.height;
  const pageW = (landscape ? paper.height : paper.width) * POINTS_PER_MM;
  const pageH = (landscape ? paper.width : paper.height) * POINTS_PER_MM;
  const page = pdf.addPage([pageW, pageH]);
  const margin = MARGIN_MM * POINTS_PER_MM;
  const captionH = CAPTION_MM * POINTS_PER_MM;
  const boxW = pageW - 2 * margin;
  const boxH = pageH - 2 * margin - captionH;
  const fit = Math.min(boxW / image.width, boxH / image.height);
  const w = image.width * fit;
  const h = image.height * fit;
  page.drawImage(image, { x: (pageW - w) / 2, y: margin + captionH + (boxH - h) / 2, width: w, height: h });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const text = printable(caption);
  const fontSize = Math.min(captionH * 0.5, (boxW / Math.max(1, font.widthOfTextAtSize(text, 1))) * 0.95);
  page.drawText(text, {
    x: (pageW - font.widthOfTextAtSize(text, fontSize)) / 2,
    y: margin + (captionH - fontSize) / 2,
    size: fontSize,
    font,
    color: rgb(0.15, 0.15, 0.2),
  });
  return pdf.save();
}

/** A safe download name from a title ("Celebration, November 2016" → "celebration-november-2016"). */
export function fileSlug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'mural';
}
