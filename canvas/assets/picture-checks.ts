import { defaultHandleExternalFileAsset, defaultHandleExternalFileContent, type Editor, type TLDefaultExternalContentHandlerOpts } from 'tldraw';
import { SNIFF_BYTES, notAPictureMessage, sniffImageType } from '../../lib/picture-types';

/** What tldraw's own file handlers need to tell the person about a problem: its toasts and words. */
export type PictureCheckUi = Pick<TLDefaultExternalContentHandlerOpts, 'toasts' | 'msg'>;

/** Throws our plain message when a file's first bytes are not a picture the board accepts. */
async function assertPicture(file: File): Promise<void> {
  if (!sniffImageType(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()))) throw new Error(notAPictureMessage());
}

/**
 * Checks each file put on the board (dropped, pasted, inserted, or a mural tile's photo) before
 * tldraw tries to show or upload it: a file that is not a picture, whatever its name (a text file
 * renamed `.png`), is refused with the same words the server uses, saying which kinds work,
 * instead of tldraw's "Upload failed" or "Could not load image". Pictures go on as tldraw does.
 */
export function registerPictureChecks(editor: Editor, ui: PictureCheckUi): void {
  editor.registerExternalAssetHandler('file', async (content) => {
    await assertPicture(content.file);
    return defaultHandleExternalFileAsset(editor, content, ui);
  });
  editor.registerExternalContentHandler('files', async (content) => {
    const pictures: File[] = [];
    for (const file of content.files) {
      try {
        await assertPicture(file);
        pictures.push(file);
      } catch (error) {
        ui.toasts.addToast({ title: `“${file.name}” is not a picture`, description: (error as Error).message, severity: 'error' });
      }
    }
    if (pictures.length > 0) await defaultHandleExternalFileContent(editor, { ...content, files: pictures }, ui);
  });
}
