import { z } from 'zod';

/**
 * The name a person's file had. It is never used to store or find the file (we make our own
 * random name), but a name that tries to climb folders is refused outright, so a crafted
 * request is told plainly instead of being half-accepted.
 */
export const UploadFileName = z
  .string()
  .max(255, 'That file name is too long. Please rename the picture and try again.')
  .refine((name) => !/[/\\\0]/.test(name) && !name.split(/[/\\]/).includes('..') && !name.startsWith('.'), {
    message: 'That file name is not allowed (it may not contain /, \\ or start with a dot). Please rename the picture and try again.',
  });

export const UploadInput = z.object({ fileName: UploadFileName, bytes: z.instanceof(Uint8Array) });

export const PublishEditionInput = z.object({
  title: z
    .string({ error: 'Enter a name for the edition.' })
    .trim()
    .min(1, 'Enter a name for the edition, for example "Celebration, November 2016".')
    .max(120, 'Keep the edition name to 120 characters or fewer.'),
  image: z.instanceof(Uint8Array, { error: 'The picture of the mural is missing. Please try publishing again.' }),
});

export const NoInput = z.object({});
export const EditionIdInput = z.object({ editionId: z.string().trim().min(1).max(64) });
export const ShareLinkIdInput = z.object({ shareLinkId: z.string().trim().min(1).max(64) });
