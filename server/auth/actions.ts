'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { db } from '../db/client';
import { ROLE_LABELS, type MemberRole } from '../domain/roles';
import type { FormState } from '../../lib/form-state';
import { formAction, signedInAction } from '../http/action';
import { parseInput } from '../validation';
import { acceptInvitation, createInvitation, revokeInvitation } from './invitations';
import { invitationQrSvg } from './invitation-qr';
import { requestSignInLink, safeCallbackPath } from './magic-link';
import { notifyAccessChanged } from '../realtime/control';
import { endCurrentSession, setSessionCookie } from './session-cookie';
import { getCurrentUser } from './session';

const SignInInput = z.object({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .pipe(z.email('Enter an email address like name@example.org.')),
  callbackUrl: z.string().optional(),
});

/** Emails a sign-in link (only to an address with an account; the next page is the same either way). */
export async function requestSignInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (values) => {
    const data = parseInput(SignInInput, values);
    await requestSignInLink(db(), data.email, safeCallbackPath(data.callbackUrl));
    return { redirectTo: '/sign-in/check-email' };
  });
}

/** Signs this browser out and goes to the sign-in page. */
export async function signOutAction(): Promise<void> {
  await endCurrentSession(db());
  // Close this session's open board connections now, not at the next periodic check.
  await notifyAccessChanged();
  redirect('/sign-in?signedOut=1');
}

/** A newly made invitation: the only moment its link exists outside the person's hands. */
export interface CreatedInvitationState extends FormState {
  created?: {
    invitationId: string;
    url: string;
    token: string;
    qrSvgDataUrl: string;
    description: string;
  };
}

/** Creates an invitation and hands back its link and QR code, once (see the invitations page). */
export async function createInvitationAction(cohortId: string, _previous: CreatedInvitationState, formData: FormData): Promise<CreatedInvitationState> {
  return signedInAction<CreatedInvitationState>(formData, async (user, values) => {
    const { invitation, token, url } = await createInvitation(db(), user, cohortId, values);
    const svg = await invitationQrSvg(url);
    revalidatePath(`/cohorts/${cohortId}/invitations`);
    const who = invitation.singleUse ? 'one person' : 'a group';
    return {
      status: 'ok',
      message: 'Invitation link created.',
      created: {
        invitationId: invitation.id,
        url,
        token,
        qrSvgDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        description: `${ROLE_LABELS[invitation.role as MemberRole]} invitation for ${who}${invitation.label ? ` (${invitation.label})` : ''}`,
      },
    };
  });
}

/** Withdraws an invitation so its link stops working. */
export async function revokeInvitationAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user, values) => {
    await revokeInvitation(db(), user, values.invitationId ?? '');
    revalidatePath(`/cohorts/${cohortId}/invitations`);
    return { status: 'ok', message: 'Link withdrawn. Nobody can use it now.' };
  });
}

/** What the join form answers when it did not go straight to the home page. */
export interface JoinState extends FormState {
  checkEmail?: string;
}

/**
 * Joins the cohort of an invitation. A new person is signed in with a next-auth session; the
 * person already signed in joins as themselves. Both land on their home page.
 */
export async function joinCohortAction(token: string, _previous: JoinState, formData: FormData): Promise<JoinState> {
  return formAction<JoinState>(formData, async (values) => {
    const current = await getCurrentUser();
    const result = await acceptInvitation(db(), token, values, current?.id ?? null);
    if (result.outcome === 'check-email') return { status: 'ok', checkEmail: result.email };
    if (result.outcome === 'joined' && result.session) await setSessionCookie(result.session.sessionToken, result.session.expires);
    revalidatePath('/');
    return { redirectTo: '/' };
  });
}
