import assert from 'node:assert/strict';
import { FieldError } from '../../../server/validation/field-error.js';
import { validateMobile } from '../../../server/validation/mobile.js';

describe('手机号 validation', () => {
  describe('accepts mainland mobile numbers', () => {
    for (const mobile of ['13012345678', '13812345678', '14512345678', '15000000000', '16612345678', '17712345678', '18912345678', '19912345678']) {
      it(mobile, () => {
        assert.equal(validateMobile(mobile), mobile);
      });
    }
  });

  it('trims surrounding spaces', () => {
    assert.equal(validateMobile(' 13812345678 '), '13812345678');
  });

  describe('refuses other input with the rule it breaks', () => {
    const cases: Array<[string, unknown, string]> = [
      ['empty', '', '手机号不能为空'],
      ['missing', undefined, '手机号不能为空'],
      ['10 digits', '1381234567', '手机号应为11位数字'],
      ['12 digits', '138123456789', '手机号应为11位数字'],
      ['with hyphens', '138-1234-5678', '手机号应为11位数字'],
      ['with country code', '+8613812345678', '手机号应为11位数字'],
      ['landline', '010-88361866', '手机号应为11位数字'],
      ['letters', '1381234567a', '手机号应为11位数字'],
      ['second digit 2', '12812345678', '手机号应以1开头，第二位为3至9'],
      ['second digit 0', '10012345678', '手机号应以1开头，第二位为3至9'],
      ['first digit 2', '23812345678', '手机号应以1开头，第二位为3至9'],
      ['first digit 0', '01381234567', '手机号应以1开头，第二位为3至9'],
    ];
    for (const [name, input, message] of cases) {
      it(`${name}: ${message}`, () => {
        // when
        const result = validateMobile(input);

        // then
        assert.ok(result instanceof FieldError);
        assert.deepEqual(result.toJSON(), { field: '手机号', message });
      });
    }
  });

  it('names the field as the form labels it', () => {
    // when
    const result = validateMobile('1530', { field: '经办人手机号' });

    // then
    assert.ok(result instanceof FieldError);
    assert.deepEqual(result.toJSON(), { field: '经办人手机号', message: '经办人手机号应为11位数字' });
  });
});
