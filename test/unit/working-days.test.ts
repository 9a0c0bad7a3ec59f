import { addWorkingDays, isWorkingDay } from '../../src/common/working-days.js';

const plain = { holidays: new Set<string>(), workingWeekends: new Set<string>() };

describe('working days', () => {
  it('skips weekends: 10 working days after a Monday is the Monday two weeks on, end of day CST', () => {
    // 2026-11-23 is a Monday; 10:00 CST
    const due = addWorkingDays(new Date('2026-11-23T02:00:00Z'), 10, plain);
    expect(due.toISOString()).toBe('2026-12-07T15:59:59.999Z'); // 2026-12-07 23:59:59.999 CST
  });

  it('counts from the China date, not the UTC date', () => {
    // Friday 2026-11-27 01:00 CST is still Thursday in UTC.
    const due = addWorkingDays(new Date('2026-11-26T17:00:00Z'), 1, plain);
    expect(due.toISOString()).toBe('2026-11-30T15:59:59.999Z'); // Monday
  });

  it('skips holidays and counts make-up working weekends (调休)', () => {
    const calendar = { holidays: new Set(['2026-10-01', '2026-10-02']), workingWeekends: new Set(['2026-10-10']) };
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // a Saturday
    // Wed 2026-09-30 + 3 working days: skip Thu 1st, Fri 2nd, weekend 3rd/4th → Mon 5th, Tue 6th, Wed 7th
    expect(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 3, calendar).toISOString()).toBe('2026-10-07T15:59:59.999Z');
  });
});
