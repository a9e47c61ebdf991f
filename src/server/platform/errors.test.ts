import { describe, expect, it } from 'vitest';
import { AppError, enumParam, localizeError } from './errors.ts';

/** The error handler's translation of codes, params and issues (no database). */
describe('localizeError', () => {
  it('labels an enum-valued param in the request language', () => {
    const err = new AppError('MEMBER_NOT_ACTIVE', { status: enumParam('memberStatus', 'transferred_out') });
    const zh = localizeError(err, 'zh-CN').message;
    const en = localizeError(err, 'en').message;
    expect(zh).toContain('已转出');
    expect(en).not.toContain('transferred_out');
    expect(en).not.toContain('enum:');
    expect(zh).not.toBe(en);
  });

  it('translates a key-valued param with the error’s other params', () => {
    const err = new AppError('TEMPLATE_INVALID', { reason: 'cx.template.unknownPhase', key: 'study' });
    expect(localizeError(err, 'zh-CN').message).toBe('活动模板内容有误：没有阶段“study”');
    expect(localizeError(err, 'en').message).toBe('The campaign template is not valid: there is no phase "study"');
  });

  it('translates every field issue and leaves no key or placeholder', () => {
    const err = new AppError('VALIDATION', {}, [
      { path: 'after', message: 'field.after' },
      { path: 'name', message: 'field.tooLong', params: { max: 40 } } as never,
    ]);
    const body = localizeError(err, 'en');
    expect(body.details?.map((d) => d.message)).toEqual([
      'This page position is not valid; reload the list from the first page',
      'At most 40 characters',
    ]);
  });
});
