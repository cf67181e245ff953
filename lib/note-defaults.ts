import type { TLNoteShape } from '@tldraw/tlschema';

/**
 * The look of a plain yellow sticky note: what the server's templates seed and what the outline
 * writes when the board has no note to copy yet.
 */
export const DEFAULT_NOTE_PROPS: Omit<TLNoteShape['props'], 'richText'> = {
  color: 'yellow',
  labelColor: 'black',
  size: 'm',
  font: 'sans',
  fontSizeAdjustment: 1,
  align: 'middle',
  verticalAlign: 'middle',
  growY: 0,
  url: '',
  scale: 1,
  textLastEditedBy: null,
};
