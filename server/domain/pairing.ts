import type { MemberRole } from './roles';

/**
 * The programme's pairing rules: a pair is one professional with one lay partner of the same
 * cohort, and nobody is in two pairs. The database repeats "nobody in two pairs" with unique
 * columns; these rules give the person a clear reason before it gets that far.
 */

/** What the rules need to know about a person proposed for a pair. */
export interface PairCandidate {
  memberId: string;
  cohortId: string;
  role: MemberRole;
  name: string;
  /** True when the person is already in a pair. */
  isPaired: boolean;
}

export type PairField = 'professionalId' | 'layPartnerId';

export interface PairProblem {
  field: PairField;
  message: string;
}

/**
 * Checks a proposed pair for `cohortId`. Returns every problem found, each tied to the form
 * field it is about; an empty list means the pair may be made.
 */
export function checkPair(cohortId: string, professional: PairCandidate, layPartner: PairCandidate): PairProblem[] {
  if (professional.memberId === layPartner.memberId) {
    return [{ field: 'layPartnerId', message: 'A pair is two different people. Choose someone else as the lay partner.' }];
  }
  const people = [
    ['professionalId', professional],
    ['layPartnerId', layPartner],
  ] as const;
  const outsiders = people.filter(([, person]) => person.cohortId !== cohortId);
  if (outsiders.length) {
    return outsiders.map(([field, person]) => ({
      field,
      message: `${person.name} is in a different cohort. Both people in a pair must be in the same cohort.`,
    }));
  }
  if (professional.role === 'professional' && layPartner.role === 'professional') {
    return [
      {
        field: 'layPartnerId',
        message: `${layPartner.name} is a professional. A pair is one professional with one lay partner, never two professionals.`,
      },
    ];
  }
  const problems: PairProblem[] = [];
  if (professional.role !== 'professional') {
    problems.push({ field: 'professionalId', message: `${professional.name} is not a professional in this cohort. Choose a professional.` });
  }
  if (layPartner.role !== 'lay_partner') {
    problems.push({ field: 'layPartnerId', message: `${layPartner.name} is not a lay partner in this cohort. Choose a lay partner.` });
  }
  for (const [field, person] of people) {
    if (person.isPaired) {
      problems.push({ field, message: `${person.name} is already in a pair. Unpair them first if they need a new partner.` });
    }
  }
  return problems;
}

/** Someone still waiting for a partner, in the order they joined the cohort. */
export interface UnpairedPerson {
  id: string;
  joinedAt: Date;
}

export interface PairSuggestions<T extends UnpairedPerson> {
  pairs: { professional: T; layPartner: T }[];
  /** People with nobody left to pair with, because the numbers are unequal. */
  leftOver: { professionals: T[]; layPartners: T[] };
}

function byJoinOrder<T extends UnpairedPerson>(a: T, b: T): number {
  return a.joinedAt.getTime() - b.joinedAt.getTime() || a.id.localeCompare(b.id);
}

/**
 * Proposes pairs for everyone still unpaired: the first professional to join with the first
 * lay partner to join, and so on. Deterministic, so a facilitator sees the same proposal
 * twice; whoever has no partner left is reported.
 */
export function suggestPairs<T extends UnpairedPerson>(
  unpairedProfessionals: readonly T[],
  unpairedLayPartners: readonly T[],
): PairSuggestions<T> {
  const professionals = [...unpairedProfessionals].sort(byJoinOrder);
  const layPartners = [...unpairedLayPartners].sort(byJoinOrder);
  const count = Math.min(professionals.length, layPartners.length);
  return {
    pairs: professionals.slice(0, count).map((professional, i) => ({ professional, layPartner: layPartners[i] })),
    leftOver: { professionals: professionals.slice(count), layPartners: layPartners.slice(count) },
  };
}

export interface CohortBalance {
  balanced: boolean;
  professionals: number;
  layPartners: number;
  /** A plain-language note for the cohort page when the numbers differ; null when balanced. */
  message: string | null;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The programme asks for equal numbers of professionals and lay partners in a cohort. */
export function cohortBalance(professionals: number, layPartners: number): CohortBalance {
  if (professionals === layPartners) return { balanced: true, professionals, layPartners, message: null };
  const difference = Math.abs(professionals - layPartners);
  const needed = professionals > layPartners ? plural(difference, 'more lay partner', 'more lay partners') : plural(difference, 'more professional', 'more professionals');
  return {
    balanced: false,
    professionals,
    layPartners,
    message: `This cohort has ${plural(professionals, 'professional', 'professionals')} and ${plural(layPartners, 'lay partner', 'lay partners')}. The programme asks for equal numbers, so ${needed} would balance it.`,
  };
}
