import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP's argon2id baseline (19 MiB, 2 passes): about 30 ms here, affordable for every login.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** Hashes a password with argon2id; the result embeds its own salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when the password matches the stored argon2 hash; never throws on a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Passwords seen in breaches and dictionaries (NIST SP 800-63B asks that new passwords be checked
 * against such a list): zxcvbn's 49,000 most common, plus ones common in Chinese use.
 */
const CHINESE_COMMON = [
  'woaini',
  'woaini1314',
  '5201314',
  '1314520',
  'qq123456',
  'a123456',
  'a123456789',
  'abc123456',
  'aa123456',
  'zxc123456',
  'wang123456',
  'li123456',
  'zhang123456',
  'dangyuan',
  'gongchandang',
  'zuzhibu',
  'dangjian',
  'massline',
  'admin123',
  'administrator',
];
let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  if (!common) {
    const list = (dictionary as Record<string, string[]>)['passwords-common'] ?? [];
    common = new Set([...list, ...CHINESE_COMMON].map((p) => p.toLowerCase()));
  }
  return common;
}

/** Why a new password is refused, or null when it will do. */
export type PasswordFault = 'length' | 'letterDigit' | 'repetitive' | 'common' | 'username';

/**
 * The rule for a new password: at least 10 characters not counting spaces (at most 200), a letter
 * and a digit, at least 5 different characters, not a common password (also with digits or
 * symbols merely added before or after one), and not containing the username.
 */
export function passwordFault(password: string, username?: string): PasswordFault | null {
  const chars = [...password];
  const solid = chars.filter((c) => !/\s/.test(c));
  if (solid.length < 10 || chars.length > 200) return 'length';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'letterDigit';
  if (new Set(solid.map((c) => c.toLowerCase())).size < 5) return 'repetitive';
  const lower = solid.join('').toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const list = commonPasswords();
  if (list.has(lower) || list.has(core) || list.has(lower.replace(/[^\p{L}\d]/gu, ''))) return 'common';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'username';
  return null;
}

/** True when `password` passes the rule of `passwordFault`. */
export function isStrongPassword(password: string, username?: string): boolean {
  return passwordFault(password, username) === null;
}
