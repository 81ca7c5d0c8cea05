import { describe, expect, it } from 'vitest';
import { availability, wallClock, zonedInstant, type BusinessHours } from '../src/core/business-hours';

const weekdays: BusinessHours = {
  mon: { open: '09:00', close: '18:00' },
  tue: { open: '09:00', close: '18:00' },
  wed: { open: '09:00', close: '18:00' },
  thu: { open: '09:00', close: '18:00' },
  fri: { open: '09:00', close: '18:00' },
  sat: { open: '10:00', close: '14:00' },
};

describe('availability', () => {
  it('is open inside the hours of the site’s time zone', () => {
    // Tuesday 2026-11-24 10:30 in Rome is 09:30 UTC.
    expect(availability(weekdays, 'Europe/Rome', new Date('2026-11-24T09:30:00Z'))).toEqual({ open: true, nextOpening: null });
  });

  it('gives the same day’s opening before it, and the next day’s after closing', () => {
    // Tuesday 07:00 Rome → opens at 09:00 Rome (08:00 UTC, winter time).
    expect(availability(weekdays, 'Europe/Rome', new Date('2026-11-24T06:00:00Z')).nextOpening?.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    // Tuesday 19:00 Rome → Wednesday 09:00 Rome.
    expect(availability(weekdays, 'Europe/Rome', new Date('2026-11-24T18:00:00Z')).nextOpening?.toISOString()).toBe('2026-11-25T08:00:00.000Z');
  });

  it('skips closed days: Saturday afternoon waits for Monday', () => {
    // Saturday 2026-11-28 15:00 Rome (14:00 UTC) → Monday 2026-11-30 09:00 Rome.
    const a = availability(weekdays, 'Europe/Rome', new Date('2026-11-28T14:00:00Z'));
    expect(a.open).toBe(false);
    expect(a.nextOpening?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('uses the site’s day, not UTC’s: Monday 00:30 in Tokyo is still Sunday in UTC', () => {
    const hours: BusinessHours = { mon: { open: '00:00', close: '02:00' } };
    expect(availability(hours, 'Asia/Tokyo', new Date('2026-11-29T15:30:00Z')).open).toBe(true);
  });

  it('handles daylight saving: the Monday after the spring change opens at 07:00 UTC', () => {
    // Rome moves to summer time on 2026-03-29; Saturday 28 at 20:00 UTC is after closing.
    const a = availability(weekdays, 'Europe/Rome', new Date('2026-03-28T20:00:00Z'));
    expect(a.nextOpening?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('spans past midnight when close is before open', () => {
    const night: BusinessHours = { fri: { open: '22:00', close: '02:00' } };
    // Saturday 01:00 UTC is within Friday's night shift.
    expect(availability(night, 'UTC', new Date('2026-11-28T01:00:00Z')).open).toBe(true);
    expect(availability(night, 'UTC', new Date('2026-11-28T03:00:00Z')).open).toBe(false);
  });

  it('treats no hours at all as always open, and an unknown zone as UTC', () => {
    expect(availability({}, 'Europe/Rome', new Date()).open).toBe(true);
    expect(availability(undefined, 'UTC', new Date()).open).toBe(true);
    const a = availability(weekdays, 'Not/AZone', new Date('2026-11-24T06:00:00Z'));
    expect(a.nextOpening?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
  });

  it('ignores malformed spans', () => {
    expect(availability({ mon: { open: 'nine', close: '18:00' } }, 'UTC', new Date('2026-11-23T10:00:00Z'))).toEqual({
      open: false,
      nextOpening: null,
    });
  });
});

describe('zoned time', () => {
  it('converts wall clock and instants both ways', () => {
    const at = zonedInstant(2026, 7, 1, 9 * 60, 'America/New_York');
    expect(at.toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(wallClock(at, 'America/New_York')).toMatchObject({ year: 2026, month: 7, day: 1, minutes: 540, weekday: 3 });
  });
});
