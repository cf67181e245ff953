import { db } from '@/server/db/client';
import { boardBalance } from '@/server/exports/notes';
import { userRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** GET /api/boards/<id>/balance: notes and words, and reactions and comments, by lay partners, professionals and facilitators. */
export const GET = userRoute<{ boardId: string }>('counting contributions', async (_request, { boardId }, user) => boardBalance(db(), user, boardId));
