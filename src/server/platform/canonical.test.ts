import { describe, expect, it } from 'vitest';
import { canonicalJson, isUnstorableText, storableJson, storableText, wellFormedText } from './canonical.ts';
import { hashEvent } from './audit.ts';

describe('canonical JSON and storable text', () => {
  it('makes text what PostgreSQL stores: NUL and lone surrogates become U+FFFD, then NFC', () => {
    expect(storableText('a\ud800b')).toBe('a\ufffdb');
    expect(storableText('a\udc00b')).toBe('a\ufffdb');
    expect(storableText('\ud800')).toBe('\ufffd');
    expect(storableText('x\udbff')).toBe('x\ufffd');
    expect(storableText('a\u0000b\u0000')).toBe('a\ufffdb\ufffd');
    // A pair is kept; a high surrogate before a pair is lone.
    expect(storableText('😀')).toBe('😀');
    expect(storableText('\ud800\ud83d\ude00')).toBe('\ufffd😀');
    expect(storableText('\ude00\ud83d')).toBe('\ufffd\ufffd');
    // A pair split by slicing (username.slice(0, 100)) leaves a lone high surrogate.
    expect(storableText(`${'x'.repeat(99)}😀`.slice(0, 100))).toBe(`${'x'.repeat(99)}\ufffd`);
    // NFC: a decomposed é is composed.
    expect(storableText('e\u0301')).toBe('é');
    expect(storableText('Cafe\u0301 a\u0000')).toBe('Café a\ufffd');
    // Well-formed NFC text without NUL is left alone (existing chains keep their hashes).
    for (const s of ['', '中共测试市委员会', 'plain', '王\u3000五', 'tab\tand\nnewline', '\u{20000}', '\ufffd'])
      expect(storableText(s)).toBe(s);
  });

  it('is idempotent, and its output is always storable', () => {
    const samples = [
      'a\ud800b',
      '\udc00\ud800',
      'e\u0301\u0000',
      '\u1100\u1161\u11a8',
      'A\u030a',
      '\ufb01',
      '\ud83d\ude00\ud83d',
      '\u0000\u0000',
    ];
    for (const s of samples) {
      const once = storableText(s);
      expect(storableText(once)).toBe(once);
      expect(isUnstorableText(once)).toBe(false);
      expect(once.normalize('NFC')).toBe(once);
    }
  });

  it('wellFormedText replaces what cannot be stored and changes nothing else (no NFC)', () => {
    expect(wellFormedText('a\u0000b\ud800')).toBe('a\ufffdb\ufffd');
    expect(wellFormedText('e\u0301')).toBe('e\u0301');
    expect(wellFormedText('\uf900')).toBe('\uf900');
  });

  it('recognises text the database refuses or would alter', () => {
    expect(isUnstorableText('a\u0000b')).toBe(true);
    expect(isUnstorableText('a\ud800b')).toBe(true);
    expect(isUnstorableText('a\udfffb')).toBe(true);
    expect(isUnstorableText('😀')).toBe(false);
    expect(isUnstorableText('e\u0301')).toBe(false);
    expect(isUnstorableText('中文')).toBe(false);
    // The test is repeatable (no global regex state).
    expect([1, 2, 3].map(() => isUnstorableText('\ud800'))).toEqual([true, true, true]);
  });

  it('normalizes every string of a JSON value, keys included, at any depth', () => {
    const v = storableJson({
      'k\u0000': 'v\ud800',
      nested: [{ deep: ['e\u0301', 1, null, true], 'e\u0301': 'x' }],
      at: new Date('2026-01-02T03:04:05.678Z'),
      gone: undefined,
      nan: NaN,
    });
    expect(v).toEqual({
      'k\ufffd': 'v\ufffd',
      nested: [{ deep: ['é', 1, null, true], é: 'x' }],
      at: '2026-01-02T03:04:05.678Z',
      nan: null,
    });
    expect(storableJson(undefined)).toBeNull();
    expect(storableJson(null)).toBeNull();
    expect(storableJson('a\u0000')).toBe('a\ufffd');
    expect(storableJson(() => 1)).toBeNull();
  });

  it('keeps a "__proto__" key as data, and the canonical form covers it', () => {
    const parsed = JSON.parse('{"__proto__":{"role":"admin"},"b":1}');
    const stored = storableJson(parsed) as Record<string, unknown>;
    expect(Object.keys(stored)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(canonicalJson(stored)).toBe('{"__proto__":{"role":"admin"},"b":1}');
    // Tampering with that value changes the hash.
    const tampered = JSON.parse('{"__proto__":{"role":"user"},"b":1}');
    expect(canonicalJson(tampered)).not.toBe(canonicalJson(parsed));
  });

  it('sorts keys at every level, so memory and jsonb (which reorders keys) hash alike', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
    const fields = {
      at: '2026-01-01T00:00:00.000Z',
      actorId: 1,
      actorName: 'a\ufffdb',
      action: 'x',
      entityType: 'user',
      entityId: null,
      orgId: null,
      before: null,
      after: { b: 2, a: 1 },
      meta: null,
      prevHash: '0'.repeat(64),
    };
    const roundTrip = JSON.parse(JSON.stringify({ ...fields, after: { a: 1, b: 2 } }));
    expect(hashEvent(roundTrip)).toBe(hashEvent(fields));
    // The stored (normalized) text hashes differently from the text as typed: hashing must use the former.
    expect(hashEvent({ ...fields, actorName: 'a\ud800b' })).not.toBe(hashEvent(fields));
  });
});
