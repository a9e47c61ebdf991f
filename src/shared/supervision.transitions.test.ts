import { describe, expect, it } from 'vitest';
import { reachable } from './transitions.ts';
import { MATERIAL_ACTIONS } from './labels.ts';
import {
  FORM_ACTIONS,
  FORM_KINDS,
  FORM_STATUSES,
  FORM_TRANSITIONS,
  INSPECTION_ACTIONS,
  INSPECTION_STATUSES,
  INSPECTION_TRANSITIONS,
  MATERIAL_STATUSES,
  MATERIAL_TRANSITIONS,
  inspectionTransition,
  materialTransition,
  materialTransitions,
  reviewOutcome,
} from './supervision.ts';

describe('supervision transition tables (no database)', () => {
  it('materials: every status is reachable from draft, every action is used, passed is final', () => {
    expect([...reachable('draft', MATERIAL_TRANSITIONS)].sort()).toEqual([...MATERIAL_STATUSES].sort());
    for (const a of MATERIAL_ACTIONS)
      expect(
        MATERIAL_TRANSITIONS.some((t) => t.action === a),
        a,
      ).toBe(true);
    expect(MATERIAL_TRANSITIONS.filter((t) => t.from === 'passed')).toEqual([]);
    for (const t of MATERIAL_TRANSITIONS) {
      expect(MATERIAL_STATUSES).toContain(t.from);
      expect(MATERIAL_STATUSES).toContain(t.to);
    }
    // No duplicate edge.
    const keys = MATERIAL_TRANSITIONS.map((t) => `${t.from}|${t.action}|${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('materials: the author saves and submits only a draft or a returned material; reviewers only judge one in review', () => {
    for (const s of MATERIAL_STATUSES) {
      const editable = s === 'draft' || s === 'returned';
      expect(materialTransitions(s, 'save').length > 0, `save from ${s}`).toBe(editable);
      expect(materialTransitions(s, 'submit').length > 0, `submit from ${s}`).toBe(editable);
      expect(materialTransitions(s, 'review').length > 0, `review from ${s}`).toBe(s === 'in_review');
    }
    for (const t of MATERIAL_TRANSITIONS) expect(t.by).toBe(t.action === 'review' ? 'reviewer' : 'author');
    expect(materialTransition('draft', 'submit', 'in_review')).toBeDefined();
    expect(materialTransition('draft', 'submit', 'passed')).toBeUndefined();
    expect(materialTransition('passed', 'save', 'passed')).toBeUndefined();
  });

  it('materials: returning needs a reason; a review that fails a criterion returns, one that passes all does not', () => {
    expect(materialTransition('in_review', 'review', 'returned')?.commentRequired).toBe(true);
    expect(materialTransition('in_review', 'review', 'passed')?.commentRequired).toBe(false);
    const items = [{ key: 'a' }, { key: 'b' }];
    const fail = reviewOutcome(items, [
      { key: 'a', pass: true, comment: '' },
      { key: 'b', pass: false, comment: '' },
    ]);
    expect(fail.pass).toBe(false);
    // The outcome of a failed review is the transition that needs a comment: refused without one.
    const to = fail.pass ? 'passed' : 'returned';
    const tr = materialTransition('in_review', 'review', to)!;
    const silent = [{ key: 'b', pass: false, comment: '' }].filter((r) => !r.pass && !r.comment.trim());
    expect(tr.commentRequired && silent.length > 0).toBe(true);
  });

  it('inspections: a draft is edited and circulated once; a circulated report is only answered, with a text', () => {
    expect([...reachable('draft', INSPECTION_TRANSITIONS)].sort()).toEqual([...INSPECTION_STATUSES].sort());
    for (const a of INSPECTION_ACTIONS)
      expect(
        INSPECTION_TRANSITIONS.some((t) => t.action === a),
        a,
      ).toBe(true);
    expect(inspectionTransition('draft', 'edit')?.to).toBe('draft');
    expect(inspectionTransition('draft', 'circulate')?.to).toBe('circulated');
    expect(inspectionTransition('circulated', 'edit')).toBeUndefined();
    expect(inspectionTransition('circulated', 'circulate')).toBeUndefined();
    expect(inspectionTransition('draft', 'answer')).toBeUndefined();
    expect(inspectionTransition('circulated', 'answer')?.commentRequired).toBe(true);
    expect(INSPECTION_TRANSITIONS.some((t) => t.from === 'circulated' && t.to === 'draft')).toBe(false);
  });

  it('forms: every status but proposed is reachable from draft, proposed ones too; refusals need a reason', () => {
    const fromDraft = reachable('draft', FORM_TRANSITIONS);
    const fromProposed = reachable('proposed', FORM_TRANSITIONS);
    expect([...new Set([...fromDraft, ...fromProposed])].sort()).toEqual([...FORM_STATUSES].sort());
    for (const a of FORM_ACTIONS)
      expect(
        FORM_TRANSITIONS.some((t) => t.action === a),
        a,
      ).toBe(true);
    for (const t of FORM_TRANSITIONS) for (const k of t.kinds) expect(FORM_KINDS).toContain(k);
    for (const t of FORM_TRANSITIONS)
      if (t.action === 'dismiss' || t.action === 'reject' || t.action === 'reply')
        expect(t.commentRequired, `${t.from} ${t.action}`).toBe(true);
    // Closed and dismissed forms are final.
    expect(FORM_TRANSITIONS.filter((t) => t.from === 'closed' || t.from === 'dismissed')).toEqual([]);
  });
});
