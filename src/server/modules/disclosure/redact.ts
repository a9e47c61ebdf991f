/**
 * Redaction of what is made public (公示): personal names the ledger knows, mobile and landline
 * numbers and ID-card numbers are masked in every text of the snapshot. Names are those of the
 * problem's responsible people, the leader it concerns, the people who gave the opinions it came
 * from and the members of its unit; a name the ledger does not know cannot be recognized, which is
 * why the office reviews the batch before publishing and can withdraw an item.
 */

const CJK = /^[\u3400-\u9fff·]+$/u;
/** Words that make a token a title or a body, not a person ("党委书记", "办公室"). */
const NOT_A_NAME =
  /(书记|主任|部长|局长|县长|区长|镇长|乡长|村长|委员|组长|科长|处长|主席|校长|院长|经理|支部|党委|党组|班子|领导|办公|部门|单位|科室|中心|小组|全体|同志们)/;
/** A title before a name: "党委书记张三" → "张三". */
const TITLE_THEN_NAME =
  /(?:书记|副书记|主任|副主任|部长|副部长|局长|副局长|县长|副县长|区长|副区长|镇长|副镇长|乡长|副乡长|村长|委员|组长|副组长|科长|副科长|处长|副处长|主席|副主席|校长|副校长|院长|副院长|经理|副经理)([\u3400-\u9fff]{2,3})$/u;

/**
 * Personal names found in free-form name fields ("张三、李四", "党委书记 王小明", "王五同志").
 * Tokens that read like titles or bodies are not names; one-character tokens are ignored.
 */
export function namesIn(...fields: Array<string | null | undefined>): string[] {
  const out = new Set<string>();
  for (const f of fields) {
    if (!f) continue;
    for (let token of f.split(/[、，,;；:：/\\|（）()\s]+/)) {
      token = token.replace(/(同志|先生|女士)$/, '').trim();
      if (!token) continue;
      if (CJK.test(token)) {
        const titled = token.match(TITLE_THEN_NAME);
        if (titled) out.add(titled[1]);
        else if (token.length >= 2 && token.length <= 4 && !NOT_A_NAME.test(token)) out.add(token);
      } else if (/^[A-Za-z][A-Za-z.'-]{1,}$/.test(token)) {
        out.add(token);
      }
    }
  }
  return [...out];
}

/** "张三" → "张某", "欧阳小明" → "欧某某某", "Smith" → "S." */
export function maskName(name: string): string {
  const cs = [...name];
  if (CJK.test(name)) return cs[0] + '某'.repeat(Math.max(1, cs.length - 1));
  return `${cs[0]}.`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const stars = (n: number) => '*'.repeat(n);

/** Masks numbers: ID cards (18 digits, last may be X), mobiles (11 digits, optional +86), landlines. */
export function maskNumbers(text: string): string {
  return (
    text
      // ID-card numbers: keep the first 3 and the last 4.
      .replace(
        /(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9A-Za-z])/g,
        (_, a: string, b: string) => `${a}${stars(11)}${b}`,
      )
      // Mobile numbers, also written 138-1234-5678 or 138 1234 5678: keep the first 3 and the last 4.
      .replace(
        /(?<!\d)(\+?86[-\s]?)?(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?!\d)/g,
        (_, cc: string | undefined, a: string, b: string) => `${cc ?? ''}${a}${stars(4)}${b}`,
      )
      // Landlines with an area code: 0571-87654321, (0571)87654321, 010 12345678.
      .replace(
        /(?<!\d)([(（]?0\d{2,3}[)）]?[-－—\s]?)\d{3,4}(\d{4})(?!\d)/g,
        (_, area: string, b: string) => `${area}${stars(4)}${b}`,
      )
      // A bare 7–8 digit number after a word for telephone.
      .replace(
        /(电话|座机|手机|联系方式|联系电话|Tel\.?|Phone)([:：\s]*)(\d{3,4})(\d{4})(?!\d)/gi,
        (_, w: string, sep: string, _a: string, b: string) => `${w}${sep}${stars(4)}${b}`,
      )
  );
}

/** Masks every known name (longest first, so "王小明" is not half-masked by "王小") and every number. */
export function redactText(text: string, names: string[]): string {
  let out = maskNumbers(text);
  const sorted = [...new Set(names)].filter((n) => [...n].length >= 2).sort((a, b) => b.length - a.length);
  if (sorted.length) {
    const re = new RegExp(sorted.map(escapeRe).join('|'), 'g');
    out = out.replace(re, (m) => maskName(m));
  }
  return out;
}
