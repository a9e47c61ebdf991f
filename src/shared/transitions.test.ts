import { describe, expect, it } from 'vitest';
import { reachable, type TransitionEdge as Edge } from './transitions.ts';
import { TASK_STATUSES, TASK_TRANSITIONS, type TaskAction } from './campaigns.ts';
import { findTransition, PROBLEM_ACTIONS, PROBLEM_KINDS, PROBLEM_STATUSES, PROBLEM_TRANSITIONS } from './ledger.ts';
import { FORM_ACTIONS, FORM_KINDS, FORM_STATUSES, FORM_TRANSITIONS } from './supervision.ts';

/**
 * Each table: its states, the states a record starts in, the states that end it (no exit), and the
 * actions that must carry a comment, as the tables' comments and error.COMMENT_REQUIRED say.
 */
const TABLES = [
  {
    name: 'TASK_TRANSITIONS',
    edges: TASK_TRANSITIONS,
    states: TASK_STATUSES,
    actions: ['submit', 'approve', 'return', 'reopen'] satisfies TaskAction[],
    initial: ['draft'],
    terminal: [] as string[], // an approved task can be reopened
    // "A comment must accompany it (a return says why; a reopen says why)."
    commented: ['return', 'reopen'],
  },
  {
    name: 'PROBLEM_TRANSITIONS',
    edges: PROBLEM_TRANSITIONS,
    states: PROBLEM_STATUSES,
    actions: PROBLEM_ACTIONS,
    initial: ['draft'],
    terminal: [] as string[], // a closed (销号) problem can be reopened for a new cycle
    // A progress report says what was done; a return and a reopen say why.
    commented: ['report', 'return', 'reopen'],
  },
  {
    name: 'FORM_TRANSITIONS',
    edges: FORM_TRANSITIONS,
    states: FORM_STATUSES,
    actions: FORM_ACTIONS,
    // A person drafts a form; the system proposes an escalation (拟办).
    initial: ['draft', 'proposed'],
    terminal: ['closed', 'dismissed'],
    // Declining to issue says why, a reply is its text, and a reply found unsatisfactory says why.
    commented: ['dismiss', 'reply', 'reject'],
  },
] as const;

describe.each(TABLES)('$name', ({ edges, states, actions, initial, terminal, commented }) => {
  it('uses only known states and actions, and every action appears', () => {
    for (const e of edges as readonly Edge[]) {
      expect(states).toContain(e.from);
      expect(states).toContain(e.to);
      expect(actions).toContain(e.action);
    }
    expect(new Set((edges as readonly Edge[]).map((e) => e.action))).toEqual(new Set(actions));
  });

  it('reaches every state from the initial ones', () => {
    expect([...reachable(initial, edges)].sort()).toEqual([...states].sort());
  });

  it('has no exit from a terminal state, and an exit from every other', () => {
    for (const s of states) {
      const exits = (edges as readonly Edge[]).filter((e) => e.from === s);
      if ((terminal as readonly string[]).includes(s)) expect(exits, s).toEqual([]);
      else expect(exits.length, `${s} has an exit`).toBeGreaterThan(0);
    }
  });

  it('requires a comment exactly for the documented actions', () => {
    for (const e of edges as readonly Edge[])
      expect(e.commentRequired, `${e.from} —${e.action}→ ${e.to}`).toBe(
        (commented as readonly string[]).includes(e.action),
      );
  });
});

describe('per kind', () => {
  it('TASK_TRANSITIONS: one edge at most per (from, action)', () => {
    const keys = TASK_TRANSITIONS.map((e) => `${e.from}/${e.action}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(PROBLEM_KINDS)(
    'PROBLEM_TRANSITIONS for a %s problem: every state reachable, one edge per (from, action)',
    (kind) => {
      const edges = PROBLEM_TRANSITIONS.filter((e) => !e.kinds || e.kinds.includes(kind));
      expect([...reachable(['draft'], edges)].sort()).toEqual([...PROBLEM_STATUSES].sort());
      const keys = edges.map((e) => `${e.from}/${e.action}`);
      expect(new Set(keys).size).toBe(keys.length);
    },
  );

  // An immediate problem (立行立改) may be finished straight from pending; the others start first.
  it.each([
    ['immediate', 'pending', 'finish', 'awaiting'],
    ['phased', 'pending', 'finish', undefined],
    ['long_term', 'pending', 'finish', undefined],
    ['phased', 'in_progress', 'finish', 'awaiting'],
    ['long_term', 'in_progress', 'report', 'in_progress'],
    ['immediate', 'closed', 'reopen', 'in_progress'],
    ['immediate', 'draft', 'verify', undefined],
  ])('findTransition(%s problem, %s, %s) → %s', (kind, from, action, to) => {
    expect(findTransition(from, action, kind)?.to).toBe(to);
  });

  const FORM_STATES_BY_KIND: Record<(typeof FORM_KINDS)[number], string[]> = {
    pre_report: ['draft', 'issued', 'closed'],
    resolution_report: ['draft', 'issued', 'closed'],
    order: ['draft', 'issued', 'answered', 'rejected', 'closed'],
    criticism: ['draft', 'proposed', 'issued', 'dismissed'],
    org_adjustment: ['draft', 'proposed', 'issued', 'dismissed'],
  };
  it.each(FORM_KINDS)('FORM_TRANSITIONS for a %s: the states it can be in, one edge per (from, action)', (kind) => {
    const edges = FORM_TRANSITIONS.filter((e) => e.kinds.includes(kind));
    const initial = FORM_STATES_BY_KIND[kind].includes('proposed') ? ['draft', 'proposed'] : ['draft'];
    expect([...reachable(initial, edges)].sort()).toEqual([...FORM_STATES_BY_KIND[kind]].sort());
    const keys = edges.map((e) => `${e.from}/${e.action}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
