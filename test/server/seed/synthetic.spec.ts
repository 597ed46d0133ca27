import assert from 'node:assert/strict';
import { PROFESSIONS } from '../../../server/domain/professions.js';
import {
  buildCreditCode,
  buildIdNumber,
  Prng,
  SyntheticData,
  type SyntheticEnterprise,
  type SyntheticPerson,
} from '../../../server/seed/synthetic.js';
import { isValidOrganizationCode, validateCreditCode } from '../../../server/validation/credit-code.js';
import { FieldError } from '../../../server/validation/field-error.js';
import { validateIdNumber } from '../../../server/validation/id-number.js';
import { validateMobile } from '../../../server/validation/mobile.js';

function accepted<T>(result: T | FieldError, what: string): T {
  assert.ok(!(result instanceof FieldError), `${what}: ${String(result)}`);
  return result;
}

describe('synthetic data', () => {
  describe('builders', () => {
    it('build the standards’ own example numbers from their parts', () => {
      assert.equal(buildIdNumber('110105', '1949-12-31', 2), '11010519491231002X');
      assert.equal(buildCreditCode('350100', 'M000100Y'), '91350100M000100Y43');
    });
  });

  describe('persons', () => {
    const data = new SyntheticData('persons-spec');
    let persons: SyntheticPerson[];
    before(() => {
      persons = Array.from({ length: 3000 }, () => data.person());
    });

    it('have ID numbers that pass the validator and agree with birth date and sex', () => {
      for (const person of persons) {
        const info = accepted(validateIdNumber(person.idNumber, { today: data.referenceDate }), person.idNumber);
        assert.equal(info.birthDate, person.birthDate);
        assert.equal(info.sex, person.sex);
        assert.equal(info.provinceCode, person.provinceCode);
      }
    });

    it('have valid, unique mobile numbers and unique ID numbers', () => {
      for (const person of persons) accepted(validateMobile(person.mobile), person.mobile);
      assert.equal(new Set(persons.map((p) => p.idNumber)).size, persons.length);
      assert.equal(new Set(persons.map((p) => p.mobile)).size, persons.length);
    });

    it('are of working age at the reference date, graduated and titled', () => {
      for (const person of persons) {
        assert.ok(person.birthDate >= '1961-01-01' && person.birthDate <= '1999-01-01', person.birthDate);
        assert.ok(person.graduationDate > person.birthDate);
        assert.ok(['助理工程师', '工程师', '高级工程师', '正高级工程师'].includes(person.title));
      }
    });

    it('have a common surname and a given name of one or two characters', () => {
      // given
      const names = persons.map((p) => p.name);
      const counts = new Map<string, number>();
      for (const name of names) counts.set(name[0], (counts.get(name[0]) ?? 0) + 1);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([surname]) => surname);

      // then
      for (const name of names) assert.ok(name.length >= 2 && name.length <= 4, name);
      assert.deepEqual(new Set(top.slice(0, 3)), new Set(['王', '李', '张']), `most frequent: ${top.join('')}`);
      const wang = (counts.get('王') ?? 0) / names.length;
      assert.ok(wang > 0.05 && wang < 0.1, `王 share ${wang}`);
      const oneCharGiven = names.filter((n) => n.length === 2).length / names.length;
      assert.ok(oneCharGiven > 0.15 && oneCharGiven < 0.45, `one-character given names ${oneCharGiven}`);
    });

    it('follow the request: province, sex, birth dates and the major for a specialty', () => {
      // when
      const requested = Array.from({ length: 200 }, () =>
        data.person({ provinceCode: '33', sex: '女', bornBetween: ['1980-01-01', '1980-12-31'], specialty: 'hvac' }),
      );

      // then
      for (const person of requested) {
        assert.ok(person.idNumber.startsWith('33'));
        assert.equal(person.sex, '女');
        assert.equal(Number(person.idNumber[16]) % 2, 0);
        assert.ok(person.birthDate.startsWith('1980-'));
        assert.ok(['建筑环境与能源应用工程', '供热通风与空调工程'].includes(person.major), person.major);
      }
    });

    it('give ID numbers for a chosen region, birth date and sex', () => {
      // when
      const male = data.idNumber({ regionCode: '110108', birthDate: '1990-05-20', sex: '男' });
      const female = data.idNumber({ regionCode: '110108', birthDate: '1990-05-20', sex: '女' });

      // then
      assert.deepEqual(
        [male, female].map((id) => {
          const info = accepted(validateIdNumber(id), id);
          return [info.regionCode, info.birthDate, info.sex];
        }),
        [
          ['110108', '1990-05-20', '男'],
          ['110108', '1990-05-20', '女'],
        ],
      );
    });
  });

  describe('enterprises', () => {
    const data = new SyntheticData('enterprises-spec');
    let enterprises: SyntheticEnterprise[];
    before(() => {
      enterprises = Array.from({ length: 3000 }, () => data.enterprise());
    });

    it('have credit codes that pass the validator, with a valid organization code and their city as region', () => {
      for (const enterprise of enterprises) {
        const info = accepted(validateCreditCode(enterprise.creditCode), enterprise.creditCode);
        assert.equal(info.registrationAuthority, '9');
        assert.equal(info.entityType, '1');
        assert.equal(info.regionCode, enterprise.cityCode);
        assert.ok(isValidOrganizationCode(info.organizationCode), info.organizationCode);
      }
    });

    it('have unique credit codes and names', () => {
      assert.equal(new Set(enterprises.map((e) => e.creditCode)).size, enterprises.length);
      assert.equal(new Set(enterprises.map((e) => e.name)).size, enterprises.length);
    });

    it('are named, placed and qualified like construction-industry firms', () => {
      for (const enterprise of enterprises) {
        assert.match(enterprise.name, /(有限公司|中心)$/);
        assert.ok(enterprise.address.startsWith(enterprise.provinceName + enterprise.city), enterprise.address);
        accepted(validateMobile(enterprise.contactPhone), enterprise.contactPhone);
        if (enterprise.qualification) {
          assert.match(enterprise.qualification.certificateNumber, /^[ACDEJSZ][12]\d{8}$/);
          assert.equal(enterprise.qualification.certificateNumber.slice(2, 4), enterprise.province);
        }
      }
      const unqualified = enterprises.filter((e) => e.qualification === null).length / enterprises.length;
      assert.ok(unqualified > 0.03 && unqualified < 0.15, `unqualified share ${unqualified}`);
      assert.ok(enterprises.some((e) => e.kind === '施工图审查机构' && /施工图审查/.test(e.name)));
      assert.ok(enterprises.some((e) => e.kind === '检测单位' && /检测/.test(e.name)));
    });

    it('follow the request: province, city, industry and qualification', () => {
      // when
      const enterprise = data.enterprise({ provinceCode: '33', cityCode: '330100', industry: 'design', qualified: false });

      // then
      assert.equal(enterprise.province, '33');
      assert.equal(enterprise.city, '杭州市');
      assert.equal(enterprise.industry, '勘察设计行业');
      assert.ok(enterprise.creditCode.startsWith('91330100'));
      assert.ok(/^(浙江|杭州)/.test(enterprise.name), enterprise.name);
      assert.equal(enterprise.qualification, null);
    });
  });

  describe('qualification register and issued numbers', () => {
    const data = new SyntheticData('register-spec');

    it('gives constructors one 资格证书管理号 over several specialties and engineers one per specialty', () => {
      // given
      const person = data.person();

      // when
      const constructor = data.qualifications(person, 'constructor', { specialties: ['building', 'municipal'] });
      const engineer = [
        ...data.qualifications(person, 'engineer', { specialties: ['hvac'] }),
        ...data.qualifications(person, 'engineer', { specialties: ['power-distribution'] }),
      ];

      // then
      assert.deepEqual(constructor.map((q) => q.specialtyName), ['建筑工程', '市政公用工程']);
      assert.equal(new Set(constructor.map((q) => q.certificateNumber)).size, 1);
      assert.equal(new Set(engineer.map((q) => q.certificateNumber)).size, 2);
      assert.match(engineer[0].certificateNumber, /^NT\d{4}\d{2}\d{6}$/);
    });

    it('draws specialties, years and ways of obtaining that fit the profession', () => {
      for (const profession of PROFESSIONS) {
        for (let i = 0; i < 300; i++) {
          const person = data.person();
          const rows = data.qualifications(person, profession.code);
          assert.ok(rows.length >= 1 && rows.length <= Math.min(3, profession.maxSpecialtiesPerApplication));
          for (const row of rows) {
            assert.ok(profession.specialties.some((s) => s.code === row.specialty && s.name === row.specialtyName));
            assert.ok(row.year <= 2024 && row.year >= 1995, `${row.year}`);
            assert.ok(row.approvalDate.startsWith(String(row.year)));
            assert.ok(['考试', '考核认定', '特许'].includes(row.obtainedBy));
            if (row.obtainedBy !== '考试') assert.ok(row.year <= 2006, `${row.obtainedBy} in ${row.year}`);
          }
        }
      }
    });

    it('issues 注册号 and 执业印章号 in each profession’s format, never twice', () => {
      // when
      const numbers = Array.from({ length: 50 }, () => [
        data.registrationNumber('architect', 'architecture', '44', 2024),
        data.registrationNumber('engineer', 'structural', '33', 2024),
        data.registrationNumber('constructor', 'building', '33', 2024),
        data.registrationNumber('supervisor', 'civil-building', '11', 2024),
        data.sealNumber('engineer', 'geotechnical', '33'),
        data.sealNumber('constructor', 'highway', '51'),
      ]).flat();

      // then
      assert.equal(new Set(numbers).size, numbers.length);
      assert.match(numbers[0], /^JZ442024\d{5}$/);
      assert.match(numbers[1], /^JG332024\d{5}$/);
      assert.match(numbers[2], /^浙1332024\d{6}$/);
      assert.match(numbers[3], /^11\d{6}$/);
      assert.match(numbers[4], /^YT33-\d{7}$/);
      assert.match(numbers[5], /^JS51-\d{7}$/);
    });
  });

  describe('determinism', () => {
    function world(seed: string | number) {
      const data = new SyntheticData(seed);
      const persons = Array.from({ length: 200 }, () => data.person());
      const enterprises = Array.from({ length: 50 }, () => data.enterprise());
      const qualifications = persons.slice(0, 20).flatMap((p) => data.qualifications(p, 'constructor'));
      return { persons, enterprises, qualifications };
    }

    it('gives the same data for the same seed', () => {
      assert.deepEqual(world('zhuce'), world('zhuce'));
      assert.deepEqual(world(7), world(7));
    });

    it('gives other data for another seed', () => {
      assert.notDeepEqual(world('zhuce').persons, world('zhuce-2').persons);
    });

    it('keeps persons the same when enterprises are generated in between', () => {
      // given
      const plain = new SyntheticData('streams');
      const interleaved = new SyntheticData('streams');

      // when
      const a = Array.from({ length: 100 }, () => plain.person());
      const b = Array.from({ length: 100 }, () => {
        interleaved.enterprise();
        return interleaved.person();
      });

      // then
      assert.deepEqual(a, b);
    });

    it('Prng draws integers within inclusive bounds and forks reproducibly', () => {
      const rng = new Prng(1);
      const seen = new Set<number>();
      for (let i = 0; i < 1000; i++) seen.add(rng.int(3, 5));
      assert.deepEqual([...seen].sort(), [3, 4, 5]);
      assert.equal(new Prng(1).fork('x').uint32(), new Prng(1).fork('x').uint32());
      assert.notEqual(new Prng(1).fork('x').uint32(), new Prng(1).fork('y').uint32());
    });
  });

  it('generates 100,000 persons in a few seconds', function () {
    this.timeout(30000);
    // given
    const data = new SyntheticData('volume');

    // when
    const started = performance.now();
    let last;
    for (let i = 0; i < 100_000; i++) last = data.person();
    const elapsed = performance.now() - started;

    // then
    assert.ok(last);
    assert.ok(elapsed < 5000, `took ${Math.round(elapsed)} ms`);
  });
});
