import type { Transaction } from 'kysely';
import type { Q } from '../../db/database.ts';
import type { DB, MemberRow } from '../../db/types.ts';
import * as memberRepo from '../members/members.repository.ts';
import * as postRepo from '../posts/posts.repository.ts';

/**
 * The queries of 我的. The own page reads the member's row, events and posts exactly as the
 * members and posts modules keep them (one query each, by the account's own member id): their
 * statements are reused here so a column added there reaches 我的 too.
 */
export const findOwnMember = (q: Q, memberId: number) => memberRepo.findMember(q, memberId);
export const ownEvents = (q: Q, memberId: number) => memberRepo.eventsOf(q, memberId);
export const ownPosts = (q: Q, memberId: number) => postRepo.postsOfMember(q, memberId);
export const lockOwnMember = (trx: Transaction<DB>, memberId: number) => memberRepo.lockMember(trx, memberId);

/** Writes the member's own correction (the phone) and touches updated_at. */
export async function setOwnPhone(trx: Transaction<DB>, memberId: number, phone: MemberRow['phone']): Promise<void> {
  await memberRepo.updateMember(trx, memberId, { phone });
}
