import assert from 'node:assert/strict';
import { FieldError, fieldErrors, isFieldError, orThrow } from '../../../server/validation/field-error.js';
import {
  chinaDate,
  maxLength,
  oneOf,
  optionalText,
  required,
  requiredText,
  validateDate,
  validateDateOrder,
  validateMonth,
} from '../../../server/validation/fields.js';

function refusal(result: unknown): { field: string; message: string } {
  assert.ok(result instanceof FieldError, `expected a refusal, got ${JSON.stringify(result)}`);
  return result.toJSON();
}

describe('generic field rules', () => {
  describe('required', () => {
    it('returns the trimmed text', () => {
      assert.equal(required('  北京大学 ', '毕业院校'), '北京大学');
      assert.equal(required(3, '专业工作年限'), '3');
    });

    for (const [name, input] of [['empty', ''], ['blank', ' \t'], ['null', null], ['undefined', undefined]] as const) {
      it(`refuses ${name}`, () => {
        assert.deepEqual(refusal(required(input, '申请人姓名')), { field: '申请人姓名', message: '申请人姓名不能为空' });
      });
    }

    it('refuses a non-text value', () => {
      assert.deepEqual(refusal(required({ name: '张三' }, '申请人姓名')), { field: '申请人姓名', message: '申请人姓名应为文本' });
    });
  });

  describe('maxLength', () => {
    it('accepts text up to the limit, counting characters', () => {
      assert.equal(maxLength('张三', 2, '申请人姓名'), '张三');
      // 𠀀 is one character but two UTF-16 units
      assert.equal(maxLength('王𠀀', 2, '申请人姓名'), '王𠀀');
    });

    it('refuses longer text', () => {
      assert.deepEqual(refusal(maxLength('浙江华建工程设计有限公司', 10, '企业名称')), {
        field: '企业名称',
        message: '企业名称不能超过10个字符',
      });
    });
  });

  describe('requiredText and optionalText', () => {
    it('requiredText applies both rules', () => {
      assert.equal(requiredText(' 土木工程 ', '所学专业', 20), '土木工程');
      assert.equal(refusal(requiredText('', '所学专业', 20)).message, '所学专业不能为空');
      assert.equal(refusal(requiredText('一二三四五六', '所学专业', 5)).message, '所学专业不能超过5个字符');
    });

    it('optionalText gives null for nothing and checks the length of something', () => {
      assert.equal(optionalText('', '情况说明', 200), null);
      assert.equal(optionalText(undefined, '情况说明', 200), null);
      assert.equal(optionalText(' 姓名有误 ', '情况说明', 200), '姓名有误');
      assert.equal(refusal(optionalText('长'.repeat(201), '情况说明', 200)).message, '情况说明不能超过200个字符');
    });
  });

  describe('validateDate', () => {
    it('normalises YYYY-MM-DD and YYYY/M/D', () => {
      assert.equal(validateDate('2022-02-01', '聘用开始时间'), '2022-02-01');
      assert.equal(validateDate('1997/10/6', '出生日期'), '1997-10-06');
      assert.equal(validateDate('2024-02-29', '资格证书批准日期'), '2024-02-29');
    });

    const cases: Array<[string, unknown, string]> = [
      ['empty', '', '资格证书批准日期不能为空'],
      ['a month only', '2022-02', '资格证书批准日期格式应为YYYY-MM-DD'],
      ['day first', '01-02-2022', '资格证书批准日期格式应为YYYY-MM-DD'],
      ['Chinese date', '2022年2月1日', '资格证书批准日期格式应为YYYY-MM-DD'],
      ['31 April', '2022-04-31', '资格证书批准日期不是有效日期'],
      ['29 February of a common year', '2023-02-29', '资格证书批准日期不是有效日期'],
      ['month 0', '2022-00-10', '资格证书批准日期不是有效日期'],
    ];
    for (const [name, input, message] of cases) {
      it(`refuses ${name}: ${message}`, () => {
        assert.deepEqual(refusal(validateDate(input, '资格证书批准日期')), { field: '资格证书批准日期', message });
      });
    }

    it('keeps to inclusive bounds', () => {
      const bounds = { notBefore: '2000-01-01', notAfter: '2024-06-01' };
      assert.equal(validateDate('2024-06-01', '资格证书批准日期', bounds), '2024-06-01');
      assert.equal(validateDate('2000-01-01', '资格证书批准日期', bounds), '2000-01-01');
      assert.equal(refusal(validateDate('2024-06-02', '资格证书批准日期', bounds)).message, '资格证书批准日期不能晚于2024-06-01');
      assert.equal(refusal(validateDate('1999-12-31', '资格证书批准日期', bounds)).message, '资格证书批准日期不能早于2000-01-01');
    });
  });

  describe('validateMonth', () => {
    it('normalises YYYY-MM', () => {
      assert.equal(validateMonth('2022-02', '毕业时间'), '2022-02');
      assert.equal(validateMonth('2022/2', '毕业时间'), '2022-02');
    });

    it('refuses other shapes, month 13 and months past the bound', () => {
      assert.equal(refusal(validateMonth('2022-02-01', '毕业时间')).message, '毕业时间格式应为YYYY-MM');
      assert.equal(refusal(validateMonth('2022-13', '毕业时间')).message, '毕业时间不是有效月份');
      assert.equal(refusal(validateMonth('2024-07', '毕业时间', { notAfter: '2024-06' })).message, '毕业时间不能晚于2024-06');
      assert.equal(refusal(validateMonth('1949-09', '毕业时间', { notBefore: '1950-01' })).message, '毕业时间不能早于1950-01');
    });
  });

  describe('validateDateOrder', () => {
    it('accepts an end on or after the start', () => {
      assert.equal(validateDateOrder('2022-02-01', '2022-02-01', '聘用开始时间', '聘用结束时间'), null);
      assert.equal(validateDateOrder('2022-02-01', '2025-01-31', '聘用开始时间', '聘用结束时间'), null);
    });

    it('refuses an end before the start, on the end field', () => {
      assert.deepEqual(refusal(validateDateOrder('2022-02-01', '2022-01-31', '劳动合同开始日期', '劳动合同结束日期')), {
        field: '劳动合同结束日期',
        message: '劳动合同结束日期不能早于劳动合同开始日期',
      });
    });
  });

  describe('oneOf', () => {
    const requirements = ['更改执业印章号', '补办注册(注册执业)证书'] as const;

    it('accepts an offered option', () => {
      assert.equal(oneOf('更改执业印章号', requirements, '更改/补办要求'), '更改执业印章号');
    });

    it('refuses anything else', () => {
      assert.deepEqual(refusal(oneOf('补办印章', requirements, '更改/补办要求')), {
        field: '更改/补办要求',
        message: '更改/补办要求不在可选范围内',
      });
      assert.equal(refusal(oneOf('', requirements, '更改/补办要求')).message, '更改/补办要求不能为空');
    });
  });

  it('chinaDate gives the calendar date in Beijing', () => {
    assert.equal(chinaDate(new Date('2024-06-01T15:59:59Z')), '2024-06-01');
    assert.equal(chinaDate(new Date('2024-06-01T16:00:00Z')), '2024-06-02');
  });

  describe('FieldError helpers', () => {
    it('orThrow passes values through and throws refusals', () => {
      assert.equal(orThrow(required('张三', '申请人姓名')), '张三');
      assert.throws(() => orThrow(required('', '申请人姓名')), (error: unknown) => {
        return error instanceof FieldError && error.field === '申请人姓名' && error.message === '申请人姓名不能为空';
      });
    });

    it('fieldErrors collects the refusals in order', () => {
      // when
      const errors = fieldErrors([
        required('张三', '申请人姓名'),
        required('', '毕业院校'),
        validateDate('2022-13-01', '毕业时间'),
      ]);

      // then
      assert.deepEqual(
        errors.map((e) => e.toJSON()),
        [
          { field: '毕业院校', message: '毕业院校不能为空' },
          { field: '毕业时间', message: '毕业时间不是有效日期' },
        ],
      );
      assert.ok(errors.every(isFieldError));
    });

    it('serialises to field and message', () => {
      assert.equal(JSON.stringify(new FieldError('学历', '学历不能为空')), '{"field":"学历","message":"学历不能为空"}');
    });
  });
});
