/** Roles a person can hold in a cohort. */
export const MEMBER_ROLES = ['facilitator', 'professional', 'lay_partner'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Participant roles: the two halves of a pair. */
export type ParticipantRole = Exclude<MemberRole, 'facilitator'>;

export const BOARD_KINDS = ['workshop', 'pair', 'mural'] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];

export const BOARD_STATES = ['open', 'locked', 'archived'] as const;
export type BoardState = (typeof BOARD_STATES)[number];

/** Plain-language labels for the interface (UK English). */
export const ROLE_LABELS: Record<MemberRole, string> = {
  facilitator: 'Facilitator',
  professional: 'Professional',
  lay_partner: 'Lay partner',
};

export function isMemberRole(value: unknown): value is MemberRole {
  return typeof value === 'string' && (MEMBER_ROLES as readonly string[]).includes(value);
}

export function isBoardKind(value: unknown): value is BoardKind {
  return typeof value === 'string' && (BOARD_KINDS as readonly string[]).includes(value);
}

export function isBoardState(value: unknown): value is BoardState {
  return typeof value === 'string' && (BOARD_STATES as readonly string[]).includes(value);
}
