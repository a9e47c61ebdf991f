import type { MemberDetailView, MemberEventView, MemberView } from '../../../shared/api.ts';
import type { MemberCategory, MemberStatus, SpecialType } from '../../../shared/enums.ts';
import type { MemberRow } from '../../db/types.ts';
import type { MemberWithOrg } from './members.repository.ts';
import { dateIn } from '../../platform/dates.ts';

/** 138****5678 */
export function maskPhone(p: string | null): string | null {
  if (!p) return p;
  return p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****';
}
/** 110***********123X */
export function maskIdNumber(s: string | null): string | null {
  if (!s) return s;
  return s.length > 7 ? `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}` : '****';
}

/** Whole years from a YYYY-MM-DD birth date to today (a YYYY-MM-DD date; by default today in the office time zone). */
export function ageOn(birth: string | null, today = dateIn()): number | null {
  if (!birth) return null;
  const [y, m, d] = birth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  let age = ty - y;
  if (tm * 100 + td < m * 100 + d) age--;
  return age;
}

export function presentMember(
  m: MemberWithOrg,
  opts: { unmasked: boolean; abilities: MemberView['abilities'] },
): MemberView {
  return {
    id: m.id,
    orgId: m.org_id,
    orgName: m.org_name,
    name: m.name,
    gender: m.gender as 'male' | 'female',
    birthDate: m.birth_date,
    age: ageOn(m.birth_date),
    ethnicity: m.ethnicity,
    education: m.education,
    idNumber: opts.unmasked ? m.id_number : maskIdNumber(m.id_number),
    phone: opts.unmasked ? m.phone : maskPhone(m.phone),
    masked: !opts.unmasked,
    category: m.category as MemberCategory,
    specialTypes: m.special_types as SpecialType[],
    joinDate: m.join_date,
    position: m.position,
    status: m.status as MemberStatus,
    statusNote: m.status_note,
    createdAt: new Date(m.created_at).toISOString(),
    updatedAt: new Date(m.updated_at).toISOString(),
    abilities: opts.abilities,
  };
}

export function presentEvents(
  rows: Array<{
    id: number;
    kind: string;
    from_org_id: number | null;
    from_name: string | null;
    to_org_id: number | null;
    to_name: string | null;
    from_status: string | null;
    to_status: string | null;
    note: string | null;
    at: Date;
  }>,
): MemberEventView[] {
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as MemberEventView['kind'],
    fromOrg: r.from_org_id ? { id: r.from_org_id, name: r.from_name ?? '' } : null,
    toOrg: r.to_org_id ? { id: r.to_org_id, name: r.to_name ?? '' } : null,
    fromStatus: r.from_status as MemberStatus | null,
    toStatus: r.to_status as MemberStatus | null,
    note: r.note,
    at: new Date(r.at).toISOString(),
  }));
}

export type MemberDetail = MemberDetailView;

/** The audited snapshot: personal fields are recorded as changed/unchanged, never in clear. */
export function memberSnapshot(
  m: Pick<
    MemberRow,
    | 'org_id'
    | 'name'
    | 'gender'
    | 'birth_date'
    | 'ethnicity'
    | 'education'
    | 'id_number'
    | 'phone'
    | 'category'
    | 'special_types'
    | 'join_date'
    | 'position'
    | 'status'
  >,
) {
  return {
    orgId: m.org_id,
    name: m.name,
    gender: m.gender,
    birthDate: m.birth_date,
    ethnicity: m.ethnicity,
    education: m.education,
    idNumber: maskIdNumber(m.id_number),
    phone: maskPhone(m.phone),
    category: m.category,
    specialTypes: m.special_types,
    joinDate: m.join_date,
    position: m.position,
    status: m.status,
  };
}
