import { describe, expect, it } from 'vitest';
import { passwordFault } from './password.ts';

/** The new-password rule (NIST SP 800-63B: length, and a check against common passwords). */
describe('passwordFault', () => {
  const cases: Array<[string, ReturnType<typeof passwordFault>, string?]> = [
    ['password12', 'common'],
    ['Password12', 'common'],
    ['Passw0rd!!', 'common'],
    ['!!password12', 'common'],
    ['qwertyuiop1', 'common'],
    ['1qaz2wsx3edc', 'common'],
    ['woaini1314', 'common'],
    ['massline2026', 'common'],
    ['aaaaaaaaa1', 'repetitive'],
    ['ababababab12', 'repetitive'],
    ['         a1', 'length'],
    ['a1        b2', 'length'],
    ['short1', 'length'],
    ['abcdefghij', 'letterDigit'],
    ['1234567890123', 'letterDigit'],
    ['x'.repeat(199) + '1', 'repetitive'],
    ['carol-2026-spring', 'username', 'carol'],
    ['new-secret-2026', null],
    ['correct horse battery 9', null],
    ['党员学习2026教育', null],
    ['Zhong-Guancun-77', null],
  ];
  it.each(cases)('%j → %s', (pw, fault, user) => {
    expect(passwordFault(pw, user)).toBe(fault);
  });
  it('refuses more than 200 characters', () => {
    expect(passwordFault('a1b2c3d4e5'.repeat(21))).toBe('length');
  });
});
