import assert from 'node:assert/strict';
import { INDUSTRIES } from '../../../server/domain/industries.js';
import {
  CONSTRUCTOR_CANCELLATION_REASONS,
  matterOf,
  PROFESSIONS,
  professionByCode,
  specialtyByName,
} from '../../../server/domain/professions.js';
import { MAINLAND_PROVINCES, PROVINCES } from '../../../server/domain/regions.js';

describe('profession reference data', () => {
  it('has the four professions of SPEC §3 with their validity', () => {
    assert.deepEqual(
      PROFESSIONS.map((p) => [p.code, p.name, p.validityYears]),
      [
        ['architect', '一级注册建筑师', 2],
        ['engineer', '勘察设计注册工程师', 3],
        ['constructor', '一级建造师', 3],
        ['supervisor', '监理工程师', 3],
      ],
    );
  });

  it('gives every specialty a code no other specialty has', () => {
    const codes = PROFESSIONS.flatMap((p) => p.specialties.map((s) => s.code));
    assert.equal(new Set(codes).size, codes.length);
  });

  it('lists the engineers’ sub-specialties as separate entries', () => {
    assert.deepEqual(
      professionByCode('engineer').specialties.map((s) => s.name),
      [
        '一级注册结构工程师',
        '注册土木工程师(岩土)',
        '注册公用设备工程师(暖通空调)',
        '注册公用设备工程师(给水排水)',
        '注册公用设备工程师(动力)',
        '注册电气工程师(供配电)',
        '注册电气工程师(发输变电)',
        '注册化工工程师',
      ],
    );
    assert.equal(specialtyByName('engineer', '注册电气工程师(供配电)')?.consultationPhone, '010-62006282');
  });

  it('offers each profession the matters of SPEC §4', () => {
    const offered = Object.fromEntries(PROFESSIONS.map((p) => [p.code, p.matters.map((m) => m.matter)]));
    assert.deepEqual(offered, {
      architect: ['initial', 'change', 'renewal', 'modify-reissue', 'cancel', 'info-correction'],
      engineer: ['initial', 'change', 'renewal', 'modify-reissue', 'cancel', 'info-correction'],
      constructor: ['initial', 'renewal', 'add-specialty', 'cancel', 're-register', 'info-correction'],
      supervisor: ['initial', 'change', 'renewal', 'add-specialty', 'cancel', 'info-correction'],
    });
    assert.equal(matterOf('constructor', 'change'), undefined);
  });

  it('keeps the 事项编码 printed in the manuals and gives the rest distinct codes of the same shape', () => {
    assert.equal(matterOf('engineer', 'renewal')?.matterCode, '11100000000013338W1000117039001');
    assert.equal(matterOf('supervisor', 'initial')?.matterCode, '11100000000013338W1000117040000');
    assert.equal(matterOf('constructor', 'add-specialty')?.matterCode, '11100000000013338W1000117055001');
    const schemed = PROFESSIONS.flatMap((p) => p.matters.filter((m) => m.matterCodeSource === 'scheme'));
    for (const m of schemed) assert.match(m.matterCode, /^11100000000013338W1000117\d{6}$/);
    const allButConstructor = PROFESSIONS.filter((p) => p.code !== 'constructor').flatMap((p) => p.matters.map((m) => m.matterCode));
    assert.equal(new Set(allButConstructor).size, allButConstructor.length);
  });

  it('leaves out the employer step where the manuals do', () => {
    assert.equal(matterOf('constructor', 'add-specialty')?.employerStep, false);
    assert.equal(matterOf('constructor', 'initial')?.employerStep, true);
    assert.equal(matterOf('engineer', 'change')?.employerStep, true);
    assert.equal(matterOf('engineer', 'info-correction')?.employerStep, false);
  });

  it('words titles as the form headers do', () => {
    assert.equal(matterOf('constructor', 'cancel')?.title, '一级建造师执业资格认定（注销手续）');
    assert.equal(matterOf('engineer', 'initial')?.title, '一级注册结构工程师和其他专业勘察设计注册工程师执业资格认定（初始注册）');
  });

  it('has the 13 cancellation reasons of 一级建造师 and a provincial stage for architects only', () => {
    assert.equal(CONSTRUCTOR_CANCELLATION_REASONS.length, 13);
    assert.deepEqual(PROFESSIONS.filter((p) => p.provincialStage).map((p) => p.code), ['architect']);
    assert.equal(professionByCode('supervisor').maxSpecialtiesPerApplication, 2);
  });

  it('has 31 mainland provinces, each with cities whose codes start with the province code', () => {
    assert.equal(MAINLAND_PROVINCES.length, 31);
    assert.equal(new Set(PROVINCES.map((p) => p.code)).size, PROVINCES.length);
    for (const province of MAINLAND_PROVINCES) {
      for (const city of province.cities) assert.match(city.code, new RegExp(`^${province.code}\\d{4}$`), city.name);
    }
  });

  it('names industries for every profession', () => {
    for (const profession of PROFESSIONS) {
      assert.ok(INDUSTRIES.some((i) => i.employs.includes(profession.code)), profession.code);
    }
  });
});
