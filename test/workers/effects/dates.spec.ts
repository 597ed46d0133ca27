import assert from 'node:assert/strict';
import { addYears, chineseDateTime, chineseDay, validityFrom } from '../../../workers/effects/dates.js';

describe('registration dates', () => {
  it('runs a validity to the day before its anniversary, leap days included', () => {
    assert.deepEqual(validityFrom('2026-11-23', 3), { validFrom: '2026-11-23', validTo: '2029-11-22' });
    assert.deepEqual(validityFrom('2028-02-29', 3), { validFrom: '2028-02-29', validTo: '2031-02-28' });
    assert.deepEqual(validityFrom('2027-03-01', 2), { validFrom: '2027-03-01', validTo: '2029-02-28' });
    assert.deepEqual(validityFrom('2026-01-01', 2), { validFrom: '2026-01-01', validTo: '2027-12-31' });
  });

  it('renews a validity ending on 29 February to the month\'s end', () => {
    assert.equal(addYears('2028-02-29', 3), '2031-02-28');
    assert.equal(addYears('2027-03-23', 3), '2030-03-23');
  });

  it('writes days and times the Chinese way, in China time', () => {
    assert.equal(chineseDay('2026-01-05'), '2026年1月5日');
    assert.equal(chineseDateTime(new Date('2026-12-31T16:30:00Z')), '2027年1月1日 00:30');
  });
});
