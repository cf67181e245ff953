import { z } from 'zod';
import { getManagedInvitationOrThrow, invitationUrl, tokenMatches } from '@/server/auth/invitations';
import { invitationQrPng, invitationQrSvg } from '@/server/auth/invitation-qr';
import { db } from '@/server/db/client';
import { AppError, notFound } from '@/server/errors';
import { userRoute } from '@/server/http/route';

export const dynamic = 'force-dynamic';

const QrQuery = z.object({
  token: z.string({ error: 'The link to draw is missing.' }).regex(/^[A-Za-z0-9_-]{43}$/, 'That is not an invitation link.'),
  format: z.enum(['png', 'svg'], { error: 'Choose png or svg.' }).default('png'),
});

/**
 * GET /api/invitations/<id>/qr?token=…[&format=svg]: the invitation's QR code for a handout.
 * We store only a hash of each link's secret, so the caller (the facilitator's page, right
 * after creating the link) sends the secret back; we draw it only if it matches the stored
 * hash and the caller manages the cohort. Nothing about the link is kept on the server.
 */
export const GET = userRoute<{ invitationId: string }>('drawing an invitation QR code', async (request, { invitationId }, user) => {
  const query = QrQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError('bad_request', query.error.issues[0]?.message ?? 'Bad request.');
  const invitation = await getManagedInvitationOrThrow(db(), user, invitationId);
  if (!tokenMatches(query.data.token, invitation.tokenHash)) throw notFound('That invitation');

  const url = invitationUrl(query.data.token);
  const filename = `invitation-${invitation.cohort.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${invitation.role}`;
  const headers = {
    'cache-control': 'no-store',
    'content-disposition': `attachment; filename="${filename}.${query.data.format}"`,
  };
  if (query.data.format === 'svg') {
    return new Response(await invitationQrSvg(url), { headers: { ...headers, 'content-type': 'image/svg+xml; charset=utf-8' } });
  }
  return new Response(new Uint8Array(await invitationQrPng(url)), { headers: { ...headers, 'content-type': 'image/png' } });
});
