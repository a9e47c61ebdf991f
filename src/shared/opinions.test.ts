import { describe, expect, it } from 'vitest';
import { reachable, type TransitionEdge as Edge } from './transitions.ts';
import { OPINION_ACTIONS } from './labels.ts';
import {
  canMergeInto,
  DISCLOSURE_STATUSES,
  DISCLOSURE_TRANSITIONS,
  findDisclosureTransition,
  findOpinionTransition,
  OPINION_STATUSES,
  OPINION_TRANSITIONS,
} from './opinions.ts';

describe('OPINION_TRANSITIONS', () => {
  const edges: readonly Edge[] = OPINION_TRANSITIONS;

  it('uses only known states and actions, and every action appears', () => {
    for (const e of edges) {
      expect(OPINION_STATUSES).toContain(e.from);
      expect(OPINION_STATUSES).toContain(e.to);
      expect(OPINION_ACTIONS).toContain(e.action);
    }
    expect(new Set(edges.map((e) => e.action))).toEqual(new Set(OPINION_ACTIONS));
  });

  it('reaches every state from new; only a new opinion moves, once (every other state is final)', () => {
    expect([...reachable(['new'], edges)].sort()).toEqual([...OPINION_STATUSES].sort());
    for (const s of OPINION_STATUSES) {
      const exits = edges.filter((e) => e.from === s);
      if (s === 'new') expect(exits.length).toBe(OPINION_ACTIONS.length);
      else expect(exits, s).toEqual([]);
    }
  });

  it('one edge per (from, action); an answer and a refusal carry their text, merge and convert none', () => {
    const keys = edges.map((e) => `${e.from}/${e.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of edges) expect(e.commentRequired, e.action).toBe(['answer', 'decline'].includes(e.action));
  });

  it.each([
    ['new', 'answer', 'answered'],
    ['new', 'decline', 'declined'],
    ['new', 'merge', 'merged'],
    ['new', 'convert', 'converted'],
    ['answered', 'answer', undefined],
    ['merged', 'convert', undefined],
    ['declined', 'merge', undefined],
  ])('findOpinionTransition(%s, %s) → %s', (from, action, to) => {
    expect(findOpinionTransition(from, action)?.to).toBe(to);
  });

  it('duplicates are merged into an opinion still standing (new, converted, answered), never a merged or declined one', () => {
    expect(OPINION_STATUSES.filter(canMergeInto)).toEqual(['new', 'converted', 'answered']);
  });
});

describe('DISCLOSURE_TRANSITIONS', () => {
  const edges: readonly Edge[] = DISCLOSURE_TRANSITIONS;
  const actions = ['addItems', 'publish', 'withdrawItem'];

  it('uses only known states and actions, and every action appears', () => {
    for (const e of edges) {
      expect(DISCLOSURE_STATUSES).toContain(e.from);
      expect(DISCLOSURE_STATUSES).toContain(e.to);
      expect(actions).toContain(e.action);
    }
    expect(new Set(edges.map((e) => e.action))).toEqual(new Set(actions));
  });

  it('reaches published from draft and never goes back; one edge per (from, action)', () => {
    expect([...reachable(['draft'], edges)].sort()).toEqual([...DISCLOSURE_STATUSES].sort());
    expect(edges.filter((e) => e.from === 'published').every((e) => e.to === 'published')).toBe(true);
    const keys = edges.map((e) => `${e.from}/${e.action}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a withdrawal says why, nothing else needs a comment', () => {
    for (const e of edges) expect(e.commentRequired, e.action).toBe(e.action === 'withdrawItem');
  });

  it.each([
    ['draft', 'addItems', 'draft'],
    ['draft', 'publish', 'published'],
    ['draft', 'withdrawItem', 'draft'],
    ['published', 'withdrawItem', 'published'],
    ['published', 'addItems', undefined],
    ['published', 'publish', undefined],
  ])('findDisclosureTransition(%s, %s) → %s', (from, action, to) => {
    expect(findDisclosureTransition(from, action)?.to).toBe(to);
  });
});
