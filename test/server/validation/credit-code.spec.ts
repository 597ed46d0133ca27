import assert from 'node:assert/strict';
import {
  creditCodeCheckChar,
  isValidOrganizationCode,
  organizationCodeCheckChar,
  validateCreditCode,
} from '../../../server/validation/credit-code.js';
import { FieldError } from '../../../server/validation/field-error.js';

function refusal(result: unknown): { field: string; message: string } {
  assert.ok(result instanceof FieldError, `expected a refusal, got ${JSON.stringify(result)}`);
  return { field: result.field, message: result.message };
}

describe('统一社会信用代码 validation', () => {
  describe('accepts valid codes and splits them into their parts', () => {
    const cases: Array<[string, string, string, string, string]> = [
      // GB 32100-2015's own example
      ['91350100M000100Y43', '9', '1', '350100', 'M000100Y4'],
      // 住房和城乡建设部 (authority 1 = 机构编制, type 1 = 机关)
      ['11100000000013338W', '1', '1', '100000', '000013338'],
      ['91330100MA2H3K7L3T', '9', '1', '330100', 'MA2H3K7L3'],
      ['91110108MA01B2C344', '9', '1', '110108', 'MA01B2C34'],
      ['91440300MA5DXY4T36', '9', '1', '440300', 'MA5DXY4T3'],
      // check character E (value 14) and F (value 15)
      ['91510100202607150E', '9', '1', '510100', '202607150'],
      ['91320500732245716F', '9', '1', '320500', '732245716'],
    ];
    for (const [creditCode, registrationAuthority, entityType, regionCode, organizationCode] of cases) {
      it(creditCode, () => {
        // when
        const result = validateCreditCode(creditCode);

        // then
        assert.deepEqual(result, { creditCode, registrationAuthority, entityType, regionCode, organizationCode });
      });
    }
  });

  it('normalises lower case and surrounding spaces', () => {
    // when
    const result = validateCreditCode(' 91350100m000100y43 ');

    // then
    assert.ok(!(result instanceof FieldError));
    assert.equal(result.creditCode, '91350100M000100Y43');
  });

  it('computes the GB 32100 check character over the 31-character alphabet', () => {
    assert.equal(creditCodeCheckChar('91350100M000100Y4'), '3');
    assert.equal(creditCodeCheckChar('11100000000013338'), 'W');
    assert.equal(creditCodeCheckChar('915101002026071500'.slice(0, 17)), 'E');
  });

  it('computes the GB 11714 organization-code check, X for 10 and 0 for 11', () => {
    assert.equal(organizationCodeCheckChar('00001333'), '8');
    assert.equal(organizationCodeCheckChar('M000100Y'), '4');
    assert.equal(organizationCodeCheckChar('D2601586'), '2');
    assert.ok(isValidOrganizationCode('000013338'));
    assert.ok(isValidOrganizationCode('MA2H3K7L3'));
    assert.ok(!isValidOrganizationCode('MA2H3K7L4'));
    assert.ok(!isValidOrganizationCode('MA2H3K7L'));
  });

  it('finds organization codes whose check is X or 0', () => {
    // given every body 0000000d…: the first few digits give all remainders
    const checks = new Set<string>();
    for (let n = 0; n < 200; n++) checks.add(organizationCodeCheckChar(String(n).padStart(8, '0')));

    // then
    assert.ok(checks.has('X'));
    assert.ok(checks.has('0'));
  });

  describe('refuses invalid codes with the rule they break', () => {
    const cases: Array<[string, unknown, string]> = [
      ['empty', '', '统一社会信用代码不能为空'],
      ['missing', null, '统一社会信用代码不能为空'],
      ['not text', 91350100, '统一社会信用代码应为文本'],
      ['17 characters', '91350100M000100Y4', '统一社会信用代码应为18位'],
      ['old 9-character organization code', 'M000100Y4', '统一社会信用代码应为18位'],
      ['15-digit business licence number', '330100000012345', '统一社会信用代码应为18位'],
      ['contains I', '91350100MI00100Y43', '统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z'],
      ['contains O', '91350100MO00100Y43', '统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z'],
      ['contains S', '91350100MS00100Y43', '统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z'],
      ['contains V', '91350100MV00100Y43', '统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z'],
      ['contains Z', '91350100MZ00100Y43', '统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z'],
      ['contains a hyphen', '91350100-000100Y43', '统一社会信用代码只能由数字和大写字母组成，且不含I、O、S、V、Z'],
      ['wrong check character', '91350100M000100Y44', '统一社会信用代码校验位错误'],
      ['one character mistyped', '91350100M000200Y43', '统一社会信用代码校验位错误'],
      ['two characters swapped', '91351000M000100Y43', '统一社会信用代码校验位错误'],
    ];
    for (const [name, input, message] of cases) {
      it(`${name}: ${message}`, () => {
        // when
        const result = validateCreditCode(input);

        // then
        assert.deepEqual(refusal(result), { field: '统一社会信用代码', message });
      });
    }
  });

  it('names the field as the form labels it', () => {
    // when
    const result = validateCreditCode('91350100M000100Y44', { field: '统一信用代码' });

    // then
    assert.deepEqual(refusal(result), { field: '统一信用代码', message: '统一信用代码校验位错误' });
  });
});
