import assert from 'node:assert/strict';
import { FieldError } from '../../../server/validation/field-error.js';
import { idNumberCheckChar, validateIdNumber } from '../../../server/validation/id-number.js';

const TODAY = '2024-06-01';

function refusal(result: unknown): { field: string; message: string } {
  assert.ok(result instanceof FieldError, `expected a refusal, got ${JSON.stringify(result)}`);
  return { field: result.field, message: result.message };
}

describe('身份证号 validation', () => {
  describe('accepts valid numbers and derives birth date and sex', () => {
    const cases: Array<[string, string, '男' | '女', string]> = [
      // GB 11643-1999's own example
      ['11010519491231002X', '1949-12-31', '女', '110105'],
      ['330106199003071236', '1990-03-07', '男', '330106'],
      ['440304198511200021', '1985-11-20', '女', '440304'],
      // 29 February of a leap year
      ['510107200002290010', '2000-02-29', '男', '510107'],
      ['370202197808153472', '1978-08-15', '男', '370202'],
      ['650102196907045562', '1969-07-04', '女', '650102'],
      // residence permits of Hong Kong and Taiwan residents
      ['810000198810100036', '1988-10-10', '男', '810000'],
      ['830000199512120045', '1995-12-12', '女', '830000'],
      // born today
      ['110108202406010012', '2024-06-01', '男', '110108'],
    ];
    for (const [idNumber, birthDate, sex, regionCode] of cases) {
      it(`${idNumber} → ${birthDate} ${sex}`, () => {
        // when
        const result = validateIdNumber(idNumber, { today: TODAY });

        // then
        assert.deepEqual(result, { idNumber, regionCode, provinceCode: regionCode.slice(0, 2), birthDate, sex });
      });
    }
  });

  it('normalises a lower-case x check character and surrounding spaces', () => {
    // when
    const result = validateIdNumber(' 11010519491231002x ', { today: TODAY });

    // then
    assert.ok(!(result instanceof FieldError));
    assert.equal(result.idNumber, '11010519491231002X');
  });

  it('computes the ISO 7064 MOD 11-2 check character, X for 10', () => {
    assert.equal(idNumberCheckChar('11010519491231002'), 'X');
    assert.equal(idNumberCheckChar('33010619900307123'), '6');
    assert.equal(idNumberCheckChar('44052418800101001'), '4');
  });

  describe('refuses invalid numbers with the rule they break', () => {
    const cases: Array<[string, unknown, string]> = [
      ['empty', '', '身份证号不能为空'],
      ['blank', '   ', '身份证号不能为空'],
      ['missing', undefined, '身份证号不能为空'],
      ['not text', 110105194912310020, '身份证号应为文本'],
      ['17 characters', '11010519491231002', '身份证号应为18位'],
      ['19 characters', '11010519491231002X1', '身份证号应为18位'],
      ['15-digit first-generation number', '110105491231002', '身份证号应为18位'],
      ['X inside the number', '1101051949123100X2', '身份证号前17位应为数字，最后一位应为数字或X'],
      ['other letter as check', '11010519491231002Y', '身份证号前17位应为数字，最后一位应为数字或X'],
      ['full-width digit', '１1010519491231002X', '身份证号前17位应为数字，最后一位应为数字或X'],
      ['unknown province 99 (check digit right)', '99010519800101001X', '身份证号地区码无效'],
      ['province 00', '000000198001010010', '身份证号地区码无效'],
      ['month 13 (check digit right)', '330106199913010010', '身份证号出生日期无效'],
      ['29 February of a common year (check digit right)', '330106199902290010', '身份证号出生日期无效'],
      ['born before 1900 (GB 11643 example, check digit right)', '440524188001010014', '身份证号出生日期无效'],
      ['born tomorrow (check digit right)', '110108202406020018', '身份证号出生日期不能晚于今天'],
      ['wrong check digit', '110105194912310021', '身份证号校验位错误'],
      ['one digit mistyped', '330106199003071286', '身份证号校验位错误'],
      ['two digits swapped', '330106199003071326', '身份证号校验位错误'],
    ];
    for (const [name, input, message] of cases) {
      it(`${name}: ${message}`, () => {
        // when
        const result = validateIdNumber(input, { today: TODAY });

        // then
        assert.deepEqual(refusal(result), { field: '身份证号', message });
      });
    }
  });

  it('names the field as the form labels it', () => {
    // when
    const result = validateIdNumber('1101051949', { field: '证件号码', today: TODAY });

    // then
    assert.deepEqual(refusal(result), { field: '证件号码', message: '证件号码应为18位' });
  });

  it('takes today in China when given an instant', () => {
    // given 16:30 UTC on 1 June is already 2 June in Beijing
    const instant = new Date('2024-06-01T16:30:00Z');

    // when
    const bornOnSecondOfJune = validateIdNumber('110108202406020018', { today: instant });
    const beforeMidnight = validateIdNumber('110108202406020018', { today: new Date('2024-06-01T15:59:59Z') });

    // then
    assert.ok(!(bornOnSecondOfJune instanceof FieldError));
    assert.equal(bornOnSecondOfJune.birthDate, '2024-06-02');
    assert.equal(refusal(beforeMidnight).message, '身份证号出生日期不能晚于今天');
  });
});
