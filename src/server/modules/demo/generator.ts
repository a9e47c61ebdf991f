/**
 * Deterministic demo data: an organization tree and its members for a scale preset.
 *
 * Everything is drawn from seeded PRNGs (never Math.random, never the clock): the tree from one
 * stream, and each branch's members from a stream seeded by (seed, branch id). So the same seed
 * always yields the same rows, and members can be produced branch by branch, in any batch size,
 * without holding a province's five million members in memory.
 */
import type { MemberCategory, OrgKind, OrgLevel, SpecialType } from '../../../shared/enums.ts';
import * as N from './names.ts';

export const DEMO_SCALES = ['demo', 'district', 'city', 'province'] as const;
export type DemoScale = (typeof DEMO_SCALES)[number];

export const DEFAULT_SEED = 20260101;

/**
 * The day ages, join dates and "last year" are measured from. Fixed, so that a seed gives the same
 * data whatever day it is loaded.
 */
export const REFERENCE_DATE = '2026-01-01';
const REF_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a tiny, fast 32-bit PRNG; plenty for test data. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes several integers into one 32-bit seed (murmur3's finalizer over a running hash). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Convenience draws over one PRNG stream. */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Float in [0, 1). */
  float(): number {
    return this.next();
  }
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  range(r: Range): number {
    return this.int(r[0], r[1]);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A random subset of n items, order kept. */
  sample<T>(items: readonly T[], n: number): T[] {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx
      .slice(0, Math.min(n, items.length))
      .sort((a, b) => a - b)
      .map((i) => items[i]);
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 10);
    return s;
  }
}

/** Picks from a weighted list in O(log n). */
export class WeightedPicker<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;
  constructor(list: N.Weighted<T>) {
    this.values = list.map(([v]) => v);
    let sum = 0;
    this.cumulative = list.map(([, w]) => (sum += w));
    this.total = sum;
  }
  pick(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

const SURNAME_PICKER = new WeightedPicker(N.SURNAMES);
const ETHNICITY_PICKER = new WeightedPicker(N.ETHNICITIES);
/** Single-character surnames among the 60 most common, for village names such as 李家庄. */
const VILLAGE_SURNAMES = N.SURNAMES.slice(0, 60)
  .map(([s]) => s)
  .filter((s) => s.length === 1);

// ---------------------------------------------------------------------------------------------
// Presets

type Range = readonly [number, number];

/**
 * What kind of members a branch has; decides ages, gender balance, categories, special types,
 * positions and how many members it has before scaling.
 */
export type BranchProfile =
  | 'village'
  | 'community'
  | 'city_organ'
  | 'county_organ'
  | 'township_organ'
  | 'school'
  | 'institution'
  | 'enterprise'
  | 'retired';

/** Members per branch before scaling to the preset's total: village big, organs small. */
const PROFILE_SIZE: Record<BranchProfile, Range> = {
  village: [18, 70],
  community: [14, 50],
  city_organ: [8, 30],
  county_organ: [6, 24],
  township_organ: [14, 40],
  school: [8, 34],
  institution: [10, 40],
  enterprise: [8, 36],
  retired: [10, 40],
};

/** The shape of one city's subtree. Ranges are per parent. */
interface CityShape {
  counties: number;
  townships: Range;
  /** Share of townships that are streets (街道) in a district (区); counties (县) have one or two. */
  villagesPerTown: Range;
  communitiesPerStreet: Range;
  communitiesPerTown: Range;
  townEnterprises: Range;
  countyOrgans: Range;
  countySchools: Range;
  cityOrgans: number;
  citySchools: number;
  hospitals: number;
  enterprises: number;
  policeUnits: number;
}

interface Preset {
  /** Number of city subtrees; more than one puts a province root above them. */
  cities: number;
  shape: CityShape;
  /** Members to generate in all, roughly (branch sizes are scaled to it). */
  members: number;
}

export const PRESETS: Record<DemoScale, Preset> = {
  demo: {
    cities: 1,
    members: 8_000,
    shape: {
      counties: 3,
      townships: [3, 4],
      villagesPerTown: [8, 14],
      communitiesPerStreet: [4, 7],
      communitiesPerTown: [1, 2],
      townEnterprises: [0, 1],
      countyOrgans: [6, 9],
      countySchools: [2, 4],
      cityOrgans: 14,
      citySchools: 5,
      hospitals: 3,
      enterprises: 3,
      policeUnits: 3,
    },
  },
  district: {
    cities: 1,
    members: 30_000,
    shape: {
      counties: 4,
      townships: [10, 14],
      villagesPerTown: [14, 24],
      communitiesPerStreet: [6, 12],
      communitiesPerTown: [1, 3],
      townEnterprises: [0, 3],
      countyOrgans: [20, 30],
      countySchools: [6, 10],
      cityOrgans: 36,
      citySchools: 14,
      hospitals: 5,
      enterprises: 6,
      policeUnits: 6,
    },
  },
  city: {
    cities: 1,
    members: 500_000,
    shape: {
      counties: 14,
      townships: [16, 24],
      villagesPerTown: [38, 62],
      communitiesPerStreet: [10, 20],
      communitiesPerTown: [2, 5],
      townEnterprises: [2, 8],
      countyOrgans: [44, 50],
      countySchools: [20, 30],
      cityOrgans: 50,
      citySchools: 30,
      hospitals: 12,
      enterprises: 16,
      policeUnits: 10,
    },
  },
  province: {
    cities: 10,
    members: 5_000_000,
    shape: {
      counties: 14,
      townships: [16, 24],
      villagesPerTown: [38, 62],
      communitiesPerStreet: [10, 20],
      communitiesPerTown: [2, 5],
      townEnterprises: [2, 8],
      countyOrgans: [44, 50],
      countySchools: [20, 30],
      cityOrgans: 50,
      citySchools: 30,
      hospitals: 12,
      enterprises: 16,
      policeUnits: 10,
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Organizations

export interface OrgSpec {
  id: number;
  parentId: number | null;
  name: string;
  shortName: string | null;
  level: OrgLevel;
  kind: OrgKind;
  /** ltree path: the ids from the root down to this one, joined by '.'. */
  path: string;
  depth: number;
  sortOrder: number;
  status: 'active' | 'dissolved';
  dissolveReason: string | null;
  /** Branches only: which kind of members it has. */
  profile: BranchProfile | null;
  /** Branches only: how many members to generate. */
  memberCount: number;
  /** First six digits of its members' ID numbers (fictional administrative area code). */
  area: string;
}

export interface DemoTree {
  scale: DemoScale;
  seed: number;
  orgs: OrgSpec[];
  /** Sum of memberCount over all branches: exactly the members generateMembers yields. */
  memberTotal: number;
  anchors: {
    rootId: number;
    /** The first city's first county-level committee (中共城关区委员会). */
    firstDistrictId: number;
    /** A township under the first district. */
    townshipId: number;
    /** An active village branch under the first district: home of the demo secretary and member. */
    villageBranchId: number;
  };
}

interface AddInput {
  name: string;
  shortName?: string | null;
  level: OrgLevel;
  kind: OrgKind;
  profile?: BranchProfile;
  status?: 'active' | 'dissolved';
  dissolveReason?: string;
  area?: string;
}

class TreeBuilder {
  readonly orgs: OrgSpec[] = [];
  private readonly childCount = new Map<number, number>();

  add(parent: OrgSpec | null, input: AddInput): OrgSpec {
    const id = this.orgs.length + 1;
    const key = parent?.id ?? 0;
    const sortOrder = (this.childCount.get(key) ?? 0) + 1;
    this.childCount.set(key, sortOrder);
    const org: OrgSpec = {
      id,
      parentId: parent?.id ?? null,
      name: input.name,
      shortName: input.shortName ?? null,
      level: input.level,
      kind: input.kind,
      path: parent ? `${parent.path}.${id}` : String(id),
      depth: parent ? parent.depth + 1 : 0,
      sortOrder,
      status: input.status ?? 'active',
      dissolveReason: input.dissolveReason ?? null,
      profile: input.profile ?? null,
      memberCount: 0,
      area: input.area ?? parent?.area ?? '370101',
    };
    this.orgs.push(org);
    return org;
  }

  /** A branch, or (with probability pGeneral) a general branch with 2..maxSubs branches under it. */
  branchOrGeneral(
    rng: Rng,
    parent: OrgSpec,
    base: string,
    kind: OrgKind,
    profile: BranchProfile,
    pGeneral: number,
    opts: { subs?: Range; retiredSub?: string } = {},
  ): OrgSpec {
    if (!rng.chance(pGeneral)) {
      return this.add(parent, { name: `${base}党支部`, level: 'branch', kind, profile });
    }
    const general = this.add(parent, { name: `${base}党总支`, level: 'general_branch', kind });
    const subs = rng.range(opts.subs ?? [2, 4]);
    for (let i = 0; i < subs; i++) {
      this.add(general, { name: `${base}${N.ORDINALS[i]}党支部`, level: 'branch', kind, profile });
    }
    if (opts.retiredSub) {
      this.add(general, { name: `${base}${opts.retiredSub}`, level: 'branch', kind, profile: 'retired' });
    }
    return general;
  }
}

/** Draws names not yet used under one parent. */
class UniqueNames {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}
  take(make: (rng: Rng) => string, fallback: (n: number) => string): string {
    for (let i = 0; i < 40; i++) {
      const name = make(this.rng);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    for (let n = 2; ; n++) {
      const name = fallback(n);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
  reserve(name: string): void {
    this.used.add(name);
  }
}

function placeCore(rng: Rng): string {
  return rng.pick(N.PLACE_FIRST) + rng.pick(N.PLACE_SECOND);
}

function villageName(rng: Rng): string {
  const x = rng.float();
  if (x < 0.35) return rng.pick(VILLAGE_SURNAMES) + rng.pick(N.VILLAGE_FAMILY_SUFFIX);
  if (x < 0.55) return rng.pick(N.VILLAGE_PREFIX) + placeCore(rng);
  if (x < 0.85) return placeCore(rng);
  return rng.pick(VILLAGE_SURNAMES) + rng.pick(N.VILLAGE_SHORT_SUFFIX);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Builds the organization tree for a preset. Pure and deterministic; 200k organizations take a
 * fraction of a second and ~50 MB.
 */
export function generateTree(scale: DemoScale, seed: number = DEFAULT_SEED): DemoTree {
  const preset = PRESETS[scale];
  const rng = new Rng(mixSeed(seed, 1));
  const b = new TreeBuilder();
  let firstDistrictId = 0;
  let townshipId = 0;
  let villageBranchId = 0;

  let root: OrgSpec;
  let cityParent: OrgSpec | null = null;
  if (preset.cities > 1) {
    root = b.add(null, {
      name: '中共示范省委员会',
      shortName: '示范省委',
      level: 'province',
      kind: 'committee',
      area: '370000',
    });
    cityParent = root;
  }
  const cityNames = N.CITY_CORES.slice(0, preset.cities);
  cityNames.forEach((core, ci) => {
    const area = `37${pad2(ci + 1)}`;
    const city = b.add(cityParent, {
      name: `中共${core}市委员会`,
      shortName: `${core}市委`,
      level: 'city',
      kind: 'committee',
      area: `${area}01`,
    });
    if (!cityParent) root = city;
    const anchors = buildCity(b, rng, city, `${core}市`, area, preset.shape);
    if (ci === 0) ({ firstDistrictId, townshipId, villageBranchId } = anchors);
  });

  // Members per branch: a draw from the profile's range, then all scaled to the preset's total.
  const branches = b.orgs.filter((o) => o.profile !== null && o.status === 'active');
  const raw = branches.map((o) => rng.range(PROFILE_SIZE[o.profile!]));
  const factor = preset.members / raw.reduce((s, x) => s + x, 0);
  let memberTotal = 0;
  branches.forEach((o, i) => {
    o.memberCount = Math.max(4, Math.round(raw[i] * factor));
    memberTotal += o.memberCount;
  });

  return {
    scale,
    seed,
    orgs: b.orgs,
    memberTotal,
    anchors: { rootId: root!.id, firstDistrictId, townshipId, villageBranchId },
  };
}

function buildCity(b: TreeBuilder, rng: Rng, city: OrgSpec, cityName: string, area: string, s: CityShape) {
  const deptLevel: OrgLevel = 'department';
  let firstDistrictId = 0;
  let townshipId = 0;
  let villageBranchId = 0;

  // Counties and districts first: they are what users open first.
  const countyCores = [N.COUNTY_CORES[0], ...rng.sample(N.COUNTY_CORES.slice(1), s.counties - 1)];
  countyCores.forEach((core, i) => {
    // The first one is always 城关区 (the demo accounts live there); about half are districts.
    const suffix = i === 0 || rng.chance(0.4) ? '区' : '县';
    const countyName = core + suffix;
    const county = b.add(city, {
      name: `中共${countyName}委员会`,
      shortName: `${countyName}委`,
      level: 'county',
      kind: 'committee',
      area: `${area}${pad2(i + 2)}`,
    });
    const a = buildCounty(b, rng, county, countyName, suffix === '区', s, i === 0);
    if (i === 0) {
      firstDistrictId = county.id;
      townshipId = a.townshipId;
      villageBranchId = a.villageBranchId;
    }
  });

  // City organs under the organ work committee.
  const organs = b.add(city, {
    name: `中共${cityName}直属机关工作委员会`,
    shortName: `${cityName}直机关工委`,
    level: deptLevel,
    kind: 'organ',
  });
  for (const unit of N.ORGAN_UNITS.slice(0, s.cityOrgans)) {
    b.branchOrGeneral(rng, organs, `${cityName}${unit}机关`, 'organ', 'city_organ', 0.25, {
      subs: [2, 3],
      retiredSub: '离退休干部党支部',
    });
  }
  // Schools under the education bureau's Party group.
  const edu = b.add(city, {
    name: `中共${cityName}教育局党组`,
    shortName: `${cityName}教育局党组`,
    level: deptLevel,
    kind: 'party_group',
  });
  for (const school of N.SCHOOL_NAMES.slice(0, s.citySchools)) {
    b.branchOrGeneral(rng, edu, `${cityName}${school}`, 'school', 'school', 0.4, {
      subs: [2, 3],
      retiredSub: '退休教师党支部',
    });
  }
  // Hospitals: the big ones have their own Party committee.
  const health = b.add(city, {
    name: `中共${cityName}卫生健康委员会党组`,
    shortName: `${cityName}卫健委党组`,
    level: deptLevel,
    kind: 'party_group',
  });
  N.HOSPITAL_NAMES.slice(0, s.hospitals).forEach((h, i) => {
    if (i < Math.ceil(s.hospitals / 2)) {
      const c = b.add(health, {
        name: `中共${cityName}${h}委员会`,
        shortName: `${h}党委`,
        level: 'township',
        kind: 'institution',
      });
      for (const br of rng.sample(N.HOSPITAL_BRANCHES, rng.int(4, N.HOSPITAL_BRANCHES.length))) {
        b.add(c, {
          name: `${cityName}${h}${br}`,
          level: 'branch',
          kind: 'institution',
          profile: br.startsWith('离退休') ? 'retired' : 'institution',
        });
      }
    } else {
      b.branchOrGeneral(rng, health, `${cityName}${h}`, 'institution', 'institution', 0.3);
    }
  });
  // State-owned enterprises.
  const soe = b.add(city, {
    name: `中共${cityName}国有资产监督管理委员会委员会`,
    shortName: `${cityName}国资委党委`,
    level: deptLevel,
    kind: 'organ',
  });
  for (const e of N.CITY_ENTERPRISES.slice(0, s.enterprises)) {
    const c = b.add(soe, { name: `中共${cityName}${e}委员会`, shortName: null, level: 'township', kind: 'enterprise' });
    for (const br of rng.sample(N.ENTERPRISE_BRANCHES, rng.int(3, 8))) {
      b.add(c, {
        name: `${cityName}${e}${br}`,
        level: 'branch',
        kind: 'enterprise',
        profile: br.startsWith('离退休') ? 'retired' : 'enterprise',
      });
    }
  }
  // Public security bureau.
  const police = b.add(city, {
    name: `中共${cityName}公安局委员会`,
    shortName: `${cityName}公安局党委`,
    level: deptLevel,
    kind: 'organ',
  });
  for (const u of N.POLICE_UNITS.slice(0, s.policeUnits)) {
    b.add(police, { name: `${cityName}公安局${u}党支部`, level: 'branch', kind: 'organ', profile: 'city_organ' });
  }
  return { firstDistrictId, townshipId, villageBranchId };
}

function buildCounty(
  b: TreeBuilder,
  rng: Rng,
  county: OrgSpec,
  countyName: string,
  isDistrict: boolean,
  s: CityShape,
  first: boolean,
) {
  let townshipId = 0;
  let villageBranchId = 0;

  const n = rng.range(s.townships);
  // A district is mostly streets; a county has a seat (one or two streets) and towns/townships.
  const streets = isDistrict ? Math.max(1, Math.round(n * 0.5)) : rng.int(1, 2);
  const names = new UniqueNames(rng);
  for (let t = 0; t < n; t++) {
    // The first district's first township is a town, so the demo has a village branch there.
    const type =
      first && t === 0 ? 'town' : t < streets + (first ? 1 : 0) ? 'street' : rng.chance(0.7) ? 'town' : 'xiang';
    const core =
      type === 'street'
        ? names.take(
            (r) => (r.chance(0.6) ? r.pick(N.STREET_NAMES) : placeCore(r)),
            (k) => `${placeCore(rng)}${k}`,
          )
        : names.take(placeCore, (k) => `${placeCore(rng)}${k}`);
    const tw = buildTownship(b, rng, county, core, type, s);
    if (first && t === 0) {
      townshipId = tw.township.id;
      villageBranchId = tw.firstVillageBranchId;
    }
  }

  const organs = b.add(county, {
    name: `中共${countyName}直属机关工作委员会`,
    shortName: `${countyName}直机关工委`,
    level: 'township',
    kind: 'organ',
  });
  const units = N.ORGAN_UNITS.slice(0, rng.range(s.countyOrgans));
  for (const u of units) {
    b.branchOrGeneral(rng, organs, `${countyName}${u}机关`, 'organ', 'county_organ', 0.08, {
      subs: [2, 2],
      retiredSub: '离退休干部党支部',
    });
  }
  b.add(organs, { name: `${countyName}直属机关离退休干部党支部`, level: 'branch', kind: 'organ', profile: 'retired' });

  const edu = b.add(county, {
    name: `中共${countyName}教育局委员会`,
    shortName: `${countyName}教育局党委`,
    level: 'township',
    kind: 'organ',
  });
  for (const school of N.SCHOOL_NAMES.slice(0, rng.range(s.countySchools))) {
    b.branchOrGeneral(rng, edu, `${countyName}${school}`, 'school', 'school', 0.2, {
      subs: [2, 2],
      retiredSub: '退休教师党支部',
    });
  }
  return { townshipId, villageBranchId };
}

function buildTownship(
  b: TreeBuilder,
  rng: Rng,
  county: OrgSpec,
  core: string,
  type: 'town' | 'xiang' | 'street',
  s: CityShape,
) {
  const unit = type === 'town' ? `${core}镇` : type === 'xiang' ? `${core}乡` : `${core}街道`;
  const township = b.add(county, {
    name: type === 'street' ? `中共${unit}工作委员会` : `中共${unit}委员会`,
    shortName: type === 'street' ? `${unit}党工委` : `${unit}党委`,
    level: 'township',
    kind: 'committee',
  });
  b.add(township, { name: `${unit}机关党支部`, level: 'branch', kind: 'organ', profile: 'township_organ' });

  let firstVillageBranchId = 0;
  const names = new UniqueNames(rng);
  if (type !== 'street') {
    const villages = rng.range(s.villagesPerTown);
    for (let v = 0; v < villages; v++) {
      const village = names.take(villageName, (k) => `${placeCore(rng)}${k}`) + '村';
      // The first village of a township stays a plain branch (home of the demo secretary).
      const org = b.branchOrGeneral(rng, township, village, 'village', 'village', v === 0 ? 0 : 0.12, { subs: [2, 4] });
      if (v === 0) firstVillageBranchId = org.id;
    }
    // Now and then a village merged into another left a dissolved branch behind.
    if (rng.chance(0.25)) {
      const village = names.take(villageName, (k) => `${placeCore(rng)}${k}`) + '村';
      b.add(township, {
        name: `${village}党支部`,
        level: 'branch',
        kind: 'village',
        status: 'dissolved',
        dissolveReason: N.DISSOLVE_REASONS[0],
      });
    }
  }
  const communities = rng.range(type === 'street' ? s.communitiesPerStreet : s.communitiesPerTown);
  for (let c = 0; c < communities; c++) {
    const community =
      names.take(
        (r) => r.pick(N.COMMUNITY_CORES),
        (k) => `${rng.pick(N.COMMUNITY_CORES)}${rng.pick(['东', '西', '南', '北', '新'])}${k > 2 ? k : ''}`,
      ) + '社区';
    b.branchOrGeneral(rng, township, community, 'community', 'community', 0.1, { subs: [2, 3] });
  }
  if (type !== 'street') {
    b.add(township, { name: `${unit}中心小学党支部`, level: 'branch', kind: 'school', profile: 'school' });
    if (rng.chance(0.6))
      b.add(township, { name: `${unit}初级中学党支部`, level: 'branch', kind: 'school', profile: 'school' });
    b.add(township, { name: `${unit}卫生院党支部`, level: 'branch', kind: 'institution', profile: 'institution' });
  } else {
    b.add(township, {
      name: `${unit}社区卫生服务中心党支部`,
      level: 'branch',
      kind: 'institution',
      profile: 'institution',
    });
  }
  const companies = new UniqueNames(rng);
  for (let e = rng.range(s.townEnterprises); e > 0; e--) {
    const name = companies.take(
      (r) => `${core}${r.pick(N.COMPANY_BRANDS)}${r.pick(N.COMPANY_INDUSTRIES)}${r.pick(N.COMPANY_FORMS)}`,
      (k) => `${core}${rng.pick(N.COMPANY_BRANDS)}${k}号${rng.pick(N.COMPANY_FORMS)}`,
    );
    b.add(township, { name: `${name}党支部`, level: 'branch', kind: 'enterprise', profile: 'enterprise' });
  }
  if (rng.chance(0.5))
    b.add(township, { name: `${unit}离退休干部党支部`, level: 'branch', kind: 'organ', profile: 'retired' });
  return { township, firstVillageBranchId };
}

// ---------------------------------------------------------------------------------------------
// Members

export interface MemberSpec {
  id: number;
  orgId: number;
  name: string;
  gender: 'male' | 'female';
  /** YYYY-MM-DD */
  birthDate: string;
  ethnicity: string;
  education: string;
  idNumber: string;
  phone: string | null;
  category: MemberCategory;
  specialTypes: SpecialType[];
  /** YYYY-MM-DD */
  joinDate: string;
  position: string;
  status: 'active' | 'transferred_out' | 'deceased';
  statusNote: string | null;
}

interface ProfileTraits {
  male: number;
  /** Age bands [min, max] with weights. */
  ages: N.Weighted<Range>;
  /** Education bias: 0 = mostly 初中/高中, 1 = mostly 大学本科 and above. */
  schooling: number;
  lead: readonly string[];
  staff: readonly string[];
}

const TRAITS: Record<BranchProfile, ProfileTraits> = {
  village: {
    male: 0.7,
    ages: [
      [[20, 35], 14],
      [[36, 55], 36],
      [[56, 70], 30],
      [[71, 90], 20],
    ],
    schooling: 0.1,
    lead: N.POSITIONS.villageLead,
    staff: N.POSITIONS.village,
  },
  community: {
    male: 0.45,
    ages: [
      [[22, 40], 22],
      [[41, 59], 30],
      [[60, 90], 48],
    ],
    schooling: 0.4,
    lead: N.POSITIONS.communityLead,
    staff: N.POSITIONS.community,
  },
  city_organ: {
    male: 0.55,
    ages: [
      [[23, 35], 30],
      [[36, 50], 40],
      [[51, 60], 30],
    ],
    schooling: 0.9,
    lead: N.POSITIONS.organLead,
    staff: N.POSITIONS.organ,
  },
  county_organ: {
    male: 0.55,
    ages: [
      [[23, 35], 30],
      [[36, 50], 40],
      [[51, 60], 30],
    ],
    schooling: 0.8,
    lead: N.POSITIONS.organLead,
    staff: N.POSITIONS.organ,
  },
  township_organ: {
    male: 0.65,
    ages: [
      [[22, 35], 35],
      [[36, 50], 40],
      [[51, 59], 25],
    ],
    schooling: 0.7,
    lead: N.POSITIONS.townshipLead,
    staff: N.POSITIONS.townshipOrgan,
  },
  school: {
    male: 0.55,
    ages: [
      [[23, 35], 35],
      [[36, 50], 40],
      [[51, 60], 25],
    ],
    schooling: 0.8,
    lead: N.POSITIONS.schoolLead,
    staff: N.POSITIONS.school,
  },
  institution: {
    male: 0.45,
    ages: [
      [[23, 35], 35],
      [[36, 50], 40],
      [[51, 60], 25],
    ],
    schooling: 0.75,
    lead: N.POSITIONS.institutionLead,
    staff: N.POSITIONS.institution,
  },
  enterprise: {
    male: 0.65,
    ages: [
      [[20, 35], 40],
      [[36, 50], 40],
      [[51, 60], 20],
    ],
    schooling: 0.5,
    lead: N.POSITIONS.enterpriseLead,
    staff: N.POSITIONS.enterprise,
  },
  retired: {
    male: 0.6,
    ages: [
      [[60, 70], 45],
      [[71, 80], 35],
      [[81, 90], 20],
    ],
    schooling: 0.5,
    lead: N.POSITIONS.retiredOrgan,
    staff: N.POSITIONS.retiredGeneral,
  },
};
const AGE_PICKERS = Object.fromEntries(
  Object.entries(TRAITS).map(([k, t]) => [k, new WeightedPicker(t.ages)]),
) as Record<BranchProfile, WeightedPicker<Range>>;

const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '166',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function personName(rng: Rng, male: boolean, birthYear: number): string {
  const surname = SURNAME_PICKER.pick(rng);
  if (birthYear < 1972 && rng.chance(0.3)) return surname + rng.pick(male ? N.ERA_NAMES_MALE : N.ERA_NAMES_FEMALE);
  const chars = male ? N.MALE_CHARS : N.FEMALE_CHARS;
  const one = () => (rng.chance(0.15) ? rng.pick(N.NEUTRAL_CHARS) : rng.pick(chars));
  if (rng.chance(0.25)) return surname + one();
  let second = one();
  const first = one();
  if (second === first && rng.chance(0.7)) second = rng.pick(chars);
  return surname + first + second;
}

function education(rng: Rng, schooling: number, age: number): string {
  // Older members had less schooling; a position on the ladder, blurred by chance.
  const ageShift = age >= 70 ? -1.6 : age >= 55 ? -0.9 : age >= 40 ? -0.3 : 0.3;
  const x = schooling * 5 + ageShift + (rng.float() + rng.float() - 1) * 2.2;
  const i = Math.max(0, Math.min(N.EDUCATIONS.length - 1, Math.round(x)));
  return N.EDUCATIONS[i];
}

/**
 * The members of one branch, ids from firstId on. Deterministic in (seed, branch id): the same
 * branch gets the same members whatever else is generated around it.
 */
export function generateBranchMembers(
  org: OrgSpec,
  seed: number,
  firstId: number,
  usedIdNumbers?: Set<string>,
): MemberSpec[] {
  const profile = org.profile;
  if (!profile || org.memberCount <= 0) return [];
  const rng = new Rng(mixSeed(seed, 2, org.id));
  const t = TRAITS[profile];
  const out: MemberSpec[] = [];
  for (let i = 0; i < org.memberCount; i++) {
    const lead = i < (profile === 'village' ? 4 : profile === 'community' ? 2 : 1);
    const male = rng.chance(i === 0 ? Math.min(0.85, t.male + 0.15) : t.male);
    let age: number;
    if (lead && profile !== 'retired') age = rng.int(35, 58);
    else {
      const band = AGE_PICKERS[profile].pick(rng);
      age = rng.int(band[0], band[1]);
    }
    const birthMs = REF_MS - Math.round(age * 365.25 + rng.int(0, 364)) * DAY_MS;
    const birthDate = isoDate(birthMs);
    const birthYear = Number(birthDate.slice(0, 4));
    const born = new Date(birthMs);

    // Special types.
    const special: SpecialType[] = [];
    const retired =
      profile === 'retired' ||
      (age >= 60 && (profile === 'community' ? rng.chance(0.8) : profile === 'village' ? rng.chance(0.35) : true));
    if (retired && !lead) special.push('retired');
    if (
      !lead &&
      age < 50 &&
      (profile === 'village' ? rng.chance(0.12) : profile === 'community' ? rng.chance(0.03) : false)
    ) {
      special.push('floating');
    }
    if (!lead && (age >= 78 ? rng.chance(0.45) : age >= 70 ? rng.chance(0.12) : false)) special.push('infirm');

    // Category: cadres in organs, probationary members among the young.
    let category: MemberCategory = 'ordinary';
    const working = !special.includes('retired');
    const p = rng.float();
    if (working && age < 46 && p < 0.1 && !lead) category = 'probationary';
    else if (working && profile === 'city_organ') {
      if (lead) category = age >= 45 && p < 0.15 ? 'cadre_bureau' : 'cadre_county';
      else category = age >= 45 && p < 0.06 ? 'cadre_county' : p < 0.45 ? 'cadre_section' : 'ordinary';
    } else if (working && profile === 'county_organ') {
      if (lead) category = 'cadre_county';
      else category = p < 0.32 ? 'cadre_section' : 'ordinary';
    } else if (working && profile === 'township_organ') {
      if (lead) category = 'cadre_section';
      else category = p < 0.22 ? 'cadre_section' : 'ordinary';
    } else if (working && (profile === 'school' || profile === 'institution') && lead) {
      category = 'cadre_section';
    }

    // Joined after the 18th birthday: mostly in their twenties; probationary members last year.
    const eighteenMs = Date.UTC(born.getUTCFullYear() + 18, born.getUTCMonth(), born.getUTCDate()) + DAY_MS;
    let joinMs: number;
    if (category === 'probationary') joinMs = REF_MS - rng.int(1, 360) * DAY_MS;
    else {
      const span = REF_MS - 370 * DAY_MS - eighteenMs;
      joinMs = eighteenMs + Math.floor(span * rng.float() * rng.float() * rng.float() * 1.6);
      if (joinMs > REF_MS - 370 * DAY_MS) joinMs = REF_MS - rng.int(370, 3000) * DAY_MS;
      if (joinMs < eighteenMs) joinMs = Math.min(eighteenMs, REF_MS - 370 * DAY_MS);
    }

    let position: string;
    if (lead) position = profile === 'village' || profile === 'community' ? t.lead[i] : rng.pick(t.lead);
    else if (special.includes('floating')) position = rng.pick(N.POSITIONS.floating);
    else if (special.includes('retired')) {
      position =
        profile === 'city_organ' || profile === 'county_organ' || profile === 'township_organ'
          ? rng.pick(N.POSITIONS.retiredOrgan)
          : rng.pick(N.POSITIONS.retiredGeneral);
    } else position = rng.pick(t.staff);

    // About 1 % have left: moved away, or (the oldest mostly) died.
    let status: MemberSpec['status'] = 'active';
    let statusNote: string | null = null;
    if (!lead) {
      const q = rng.float();
      if (q < (age >= 75 ? 0.025 : 0.001)) {
        status = 'deceased';
        statusNote = rng.pick(N.DECEASED_NOTES);
      } else if (q > 0.994) {
        status = 'transferred_out';
        statusNote = rng.pick(N.TRANSFER_NOTES);
      }
    }

    // The 3-digit sequence is odd for men, even for women; step past numbers already given out.
    let seq = rng.int(0, 499) * 2 + (male ? 1 : 0);
    const prefix = org.area + birthDate.replaceAll('-', '');
    let first17 = prefix + String(seq).padStart(3, '0');
    if (usedIdNumbers) {
      for (let tries = 0; usedIdNumbers.has(first17) && tries < 500; tries++) {
        seq = (seq + 2) % 1000;
        first17 = prefix + String(seq).padStart(3, '0');
      }
      usedIdNumbers.add(first17);
    }
    const phone = age >= 82 && rng.chance(0.35) ? null : rng.pick(PHONE_PREFIXES) + rng.digits(8);

    out.push({
      id: firstId + i,
      orgId: org.id,
      name: personName(rng, male, birthYear),
      gender: male ? 'male' : 'female',
      birthDate,
      ethnicity: ETHNICITY_PICKER.pick(rng),
      education: education(rng, t.schooling, age),
      idNumber: first17 + idCheckDigit(first17),
      phone,
      category,
      specialTypes: special,
      joinDate: isoDate(joinMs),
      position,
      status,
      statusNote,
    });
  }
  return out;
}

/**
 * Every member of the tree, branch after branch, in batches of about batchSize (a branch is never
 * split). Ids run from 1 in tree order. Memory stays at one batch whatever the scale.
 * ID numbers are unique: an area code's branches come one after another in tree order, so the
 * numbers given out are remembered for the current area only (a county's worth at most).
 */
export function* generateMembers(tree: DemoTree, batchSize = 5000): Generator<MemberSpec[]> {
  let nextId = 1;
  let batch: MemberSpec[] = [];
  let area = '';
  let used = new Set<string>();
  for (const org of tree.orgs) {
    if (!org.memberCount) continue;
    if (org.area !== area) {
      area = org.area;
      used = new Set();
    }
    const rows = generateBranchMembers(org, tree.seed, nextId, used);
    nextId += rows.length;
    for (const r of rows) batch.push(r);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
