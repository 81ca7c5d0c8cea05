import { describe, expect, it } from 'vitest';
import { businessHoursAt } from '../src/services/business-hours';

const settings = {
  timeZone: 'Europe/Rome',
  businessHours: { mon: { open: '09:00', close: '18:00' }, fri: { open: '09:00', close: '18:00' }, sat: { open: '10:00', close: '14:00' } },
};

describe('business hours', () => {
  it('is open inside the day’s span, in the site’s time zone', () => {
    // Monday 24 Nov 2026, 10:30 in Rome = 09:30 UTC.
    expect(businessHoursAt(settings, new Date('2026-11-23T09:30:00Z'))).toEqual({ open: true, nextOpening: null });
  });

  it('gives the next opening when closed: later today, tomorrow, or after a closed weekend', () => {
    // Monday 07:00 UTC = 08:00 Rome → opens at 09:00 Rome = 08:00 UTC.
    expect(businessHoursAt(settings, new Date('2026-11-23T07:00:00Z')).nextOpening?.toISOString()).toBe('2026-11-23T08:00:00.000Z');
    // Monday 18:30 Rome → next is Friday 09:00 Rome.
    expect(businessHoursAt(settings, new Date('2026-11-23T17:30:00Z')).nextOpening?.toISOString()).toBe('2026-11-27T08:00:00.000Z');
    // Saturday 15:00 Rome → Monday 09:00 Rome.
    expect(businessHoursAt(settings, new Date('2026-11-28T14:00:00Z')).nextOpening?.toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });

  it('treats a site without hours as always open', () => {
    expect(businessHoursAt({}, new Date())).toEqual({ open: true, nextOpening: null });
  });

  it('gives the next opening at the right local time across a daylight-saving change', () => {
    const settings = { timeZone: 'Europe/Rome', businessHours: { mon: { open: '09:00', close: '18:00' } } };
    // Saturday 24 October 2026, 20:00 in Rome (UTC+2); the clocks go back an hour that night.
    const autumn = businessHoursAt(settings, new Date('2026-10-24T18:00:00Z'));
    expect(autumn.nextOpening?.toISOString()).toBe('2026-10-26T08:00:00.000Z'); // Monday 09:00, UTC+1
    // Saturday 28 March 2026, 20:00 in Rome (UTC+1); the clocks go forward that night.
    const spring = businessHoursAt(settings, new Date('2026-03-28T19:00:00Z'));
    expect(spring.nextOpening?.toISOString()).toBe('2026-03-30T07:00:00.000Z'); // Monday 09:00, UTC+2
  });
});
