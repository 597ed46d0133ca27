import assert from 'node:assert/strict';
import {
  addWorkingDays,
  chinaDay,
  chinaTime,
  formatChinaDateTime,
  hasHolidayCalendar,
  isWorkingDay,
  workingDayDeadline,
} from '../../../server/domain/working-days.js';

describe('Chinese working days', () => {
  describe('which days are working days', () => {
    it('treats the 国庆 2025 holidays as days off, weekends inside them included', () => {
      // given the State Council's 2025 notice: 10月1日至8日放假
      // then
      for (const day of ['2025-10-01', '2025-10-03', '2025-10-06', '2025-10-08']) assert.equal(isWorkingDay(day), false, day);
      assert.equal(isWorkingDay('2025-10-09'), true);
    });

    it('counts the 调休 weekend days of 2025 and 2026 as working days', () => {
      // given 9月28日（周日）、10月11日（周六）上班 in 2025; 2月14日（周六）、2月28日（周六）上班 in 2026
      // then
      assert.equal(isWorkingDay('2025-09-28'), true);
      assert.equal(isWorkingDay('2025-10-11'), true);
      assert.equal(isWorkingDay('2026-02-14'), true);
      assert.equal(isWorkingDay('2026-02-28'), true);
      assert.equal(isWorkingDay('2026-01-04'), true);
    });

    it('keeps ordinary weekends off and ordinary weekdays on', () => {
      assert.equal(isWorkingDay('2025-10-12'), false);
      assert.equal(isWorkingDay('2025-11-15'), false);
      assert.equal(isWorkingDay('2025-11-17'), true);
    });

    it('treats the 春节 2026 holidays as days off', () => {
      for (const day of ['2026-02-15', '2026-02-17', '2026-02-23']) assert.equal(isWorkingDay(day), false, day);
      assert.equal(isWorkingDay('2026-02-24'), true);
    });

    it('refuses what is not a calendar day', () => {
      assert.throws(() => isWorkingDay('2025-02-30'), RangeError);
      assert.throws(() => isWorkingDay('2025/10/01'), RangeError);
    });
  });

  describe('adding working days', () => {
    it('jumps the 国庆 break: the first working day after 30 September 2025 is 9 October', () => {
      assert.equal(addWorkingDays('2025-09-30', 1), '2025-10-09');
    });

    it('lands on a 调休 Sunday or Saturday when it is the next working day', () => {
      assert.equal(addWorkingDays('2025-09-26', 1), '2025-09-28');
      assert.equal(addWorkingDays('2025-10-09', 2), '2025-10-11');
      assert.equal(addWorkingDays('2025-12-31', 1), '2026-01-04');
    });

    it('ends a 20-working-day review accepted on 30 September 2025 on 4 November', () => {
      // given acceptance the day before the holiday; 9–11, 13–17, 20–24, 27–31 October, 3–4 November
      // when
      const due = addWorkingDays('2025-09-30', 20);
      // then
      assert.equal(due, '2025-11-04');
    });

    it('ends a 10-working-day renewal review accepted on 12 February 2026 on 4 March, across 春节', () => {
      // given 13, 14 (调休), 24–27, 28 (调休) February, 2–4 March
      assert.equal(addWorkingDays('2026-02-12', 10), '2026-03-04');
    });

    it('leaves the 春节 2026 make-up Saturday straight for the first day after the break', () => {
      assert.equal(addWorkingDays('2026-02-14', 1), '2026-02-24');
    });

    it('counts backwards over holidays for negative counts', () => {
      assert.equal(addWorkingDays('2025-10-09', -1), '2025-09-30');
      assert.equal(addWorkingDays('2026-02-24', -2), '2026-02-13');
    });

    it('returns the day itself for zero and refuses fractions', () => {
      assert.equal(addWorkingDays('2025-10-01', 0), '2025-10-01');
      assert.throws(() => addWorkingDays('2025-10-01', 1.5), RangeError);
    });
  });

  describe('deadlines as instants', () => {
    it('ends a 5-working-day acceptance limit at 17:00 China time on the fifth working day', () => {
      // given a case arriving on 30 September 2025 at 10:00 in Beijing
      const from = new Date('2025-09-30T10:00:00+08:00');
      // when
      const due = workingDayDeadline(from, 5);
      // then 9, 10, 11 (调休), 13, 14 October
      assert.equal(formatChinaDateTime(due), '2025-10-14T17:00:00+08:00');
      assert.equal(due.toISOString(), '2025-10-14T09:00:00.000Z');
    });

    it('counts from the China calendar day, not the UTC one', () => {
      // given 1 October 2025, 01:00 in Beijing, which is still 30 September in UTC
      const from = new Date('2025-09-30T17:00:00Z');
      // then
      assert.equal(chinaDay(from), '2025-10-01');
      assert.equal(formatChinaDateTime(workingDayDeadline(from, 1)), '2025-10-09T17:00:00+08:00');
    });

    it('ends an immediate limit the same working day, or the next when the day is over', () => {
      assert.equal(formatChinaDateTime(workingDayDeadline(new Date('2025-10-10T09:30:00+08:00'), 0)), '2025-10-10T17:00:00+08:00');
      assert.equal(formatChinaDateTime(workingDayDeadline(new Date('2025-10-10T18:00:00+08:00'), 0)), '2025-10-11T17:00:00+08:00');
      assert.equal(formatChinaDateTime(workingDayDeadline(new Date('2025-10-03T09:00:00+08:00'), 0)), '2025-10-09T17:00:00+08:00');
    });

    it('takes another hour of the day when asked', () => {
      assert.equal(formatChinaDateTime(workingDayDeadline(new Date('2026-02-12T09:00:00+08:00'), 1, 9)), '2026-02-13T09:00:00+08:00');
      assert.equal(chinaTime('2026-02-24', 9).toISOString(), '2026-02-24T01:00:00.000Z');
    });

    it('refuses a negative time limit', () => {
      assert.throws(() => workingDayDeadline(new Date(), -1), RangeError);
    });

    it('gives the same answers whatever the server time zone', () => {
      // given a server in New York
      const saved = process.env.TZ;
      process.env.TZ = 'America/New_York';
      try {
        // then
        assert.equal(isWorkingDay('2025-10-11'), true);
        assert.equal(addWorkingDays('2025-09-30', 20), '2025-11-04');
        assert.equal(formatChinaDateTime(workingDayDeadline(new Date('2025-09-30T10:00:00+08:00'), 5)), '2025-10-14T17:00:00+08:00');
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  });

  it('knows which years the holiday calendar covers', () => {
    assert.equal(hasHolidayCalendar(2025), true);
    assert.equal(hasHolidayCalendar(2026), true);
    assert.equal(hasHolidayCalendar(2040), false);
  });
});
