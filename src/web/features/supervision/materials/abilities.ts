/** What the server lets the actor do with a material, read from its `abilities` and the transition table. */
import {
  materialTransition,
  REVIEWER_KINDS,
  type MaterialAbilities,
  type ReviewerKind,
} from '../../../../shared/supervision.ts';

/** The ability that lets the actor review as this reviewer. */
export const REVIEW_ABILITY: Record<ReviewerKind, keyof MaterialAbilities> = {
  leader: 'reviewAsLeader',
  team: 'reviewAsTeam',
};

/** The reviewer kinds the actor may review the version under review as, in the table's order. */
export function reviewerKinds(m: { abilities: MaterialAbilities }): ReviewerKind[] {
  return REVIEWER_KINDS.filter((k) => m.abilities[REVIEW_ABILITY[k]]);
}

/** A review that fails a criterion returns the material: the table says whether that needs a reason. */
export const failNeedsComment = materialTransition('in_review', 'review', 'returned')?.commentRequired ?? false;
