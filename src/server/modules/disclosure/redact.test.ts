import { describe, expect, it } from 'vitest';
import { maskName, maskNumbers, namesIn, redactText } from './redact.ts';

describe('redaction of what is made public (no database)', () => {
  it.each([
    [['张三、李四'], ['张三', '李四']],
    [['党委书记 王小明'], ['王小明']],
    [['党委书记王小明'], ['王小明']],
    [['副镇长刘洋'], ['刘洋']],
    [
      ['王五同志', '赵六先生'],
      ['王五', '赵六'],
    ],
    [['欧阳小明；司马光/诸葛亮'], ['欧阳小明', '司马光', '诸葛亮']],
    [['Smith, Li-Ming'], ['Smith', 'Li-Ming']],
    [
      ['责任领导：党委书记王小明', '组长:张三'],
      ['王小明', '张三'],
    ],
    // Titles and bodies are not names; one character is not a name.
    [['党委书记', '办公室', '领导班子', '全体党员干部'], []],
    [['张', ''], []],
    [[null, undefined], []],
  ] as Array<[Array<string | null | undefined>, string[]]>)('namesIn(%j) → %j', (fields, names) => {
    expect(namesIn(...fields).sort()).toEqual([...names].sort());
  });

  it.each([
    ['张三', '张某'],
    ['王小明', '王某某'],
    ['欧阳小明', '欧某某某'],
    ['Smith', 'S.'],
  ])('maskName(%j) → %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    // Mobile numbers keep the first 3 and the last 4 digits.
    ['联系电话13812345678', '联系电话138****5678'],
    ['手机：138-1234-5678', '手机：138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+86 13812345678', '+86 138****5678'],
    ['+8613812345678', '+86138****5678'],
    // ID-card numbers keep the first 3 and the last 4.
    ['身份证号110101199003071234', '身份证号110***********1234'],
    ['11010119900307123X', '110***********123X'],
    ['11010119900307123x', '110***********123x'],
    // Landlines with an area code, and a bare number after a word for telephone.
    ['0571-87654321', '0571-****4321'],
    ['（0571）87654321', '（0571）****4321'],
    ['010 12345678', '010 ****5678'],
    ['电话：87654321', '电话：****4321'],
    ['Tel. 7654321', 'Tel. ****4321'], // the masked part is always four stars: its length is not told
    // Not personal numbers: left alone.
    ['2014年5月31日前完成', '2014年5月31日前完成'],
    ['共整改问题128个，投入资金2500000元', '共整改问题128个，投入资金2500000元'],
    ['文号：督〔2014〕12号', '文号：督〔2014〕12号'],
    ['12345678901', '12345678901'], // 11 digits but not a mobile (1 then 2)
    ['', ''],
  ])('maskNumbers(%j) → %j', (text, masked) => {
    expect(maskNumbers(text)).toBe(masked);
  });

  it.each([
    ['张三同志反映，王小明多次不到岗。', ['张三', '王小明'], '张某同志反映，王某某多次不到岗。'],
    // The longest name first: 王小明 is not half-masked by 王小.
    ['王小明和王小', ['王小', '王小明'], '王某某和王某'],
    ['请联系李四（13812345678）', ['李四'], '请联系李某（138****5678）'],
    ['Smith said so', ['Smith'], 'S. said so'],
    // A name with regular-expression characters is matched literally; one character is never masked.
    ['a.b 和 张', ['a.b', '张'], 'a. 和 张'],
    ['没有人名', [], '没有人名'],
  ])('redactText(%j, %j) → %j', (text, names, out) => {
    expect(redactText(text, names)).toBe(out);
  });

  it('masks a name found by namesIn wherever it appears', () => {
    const names = namesIn('责任领导：党委书记王小明', '李四、张三');
    expect(redactText('王小明牵头，李四、张三具体落实；张三电话13900001111。', names)).toBe(
      '王某某牵头，李某、张某具体落实；张某电话139****1111。',
    );
  });
});
