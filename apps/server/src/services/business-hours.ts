import type { SiteSettings } from '@sportello/db';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Weekday and minutes since midnight of `at` in `timeZone`. */
function localClock(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Whether the site is open at `now`, and when it next opens (null when open, or when it has no
 * business hours at all). Without business hours a site counts as always open.
 */
export function businessHoursAt(settings: Pick<SiteSettings, 'businessHours' | 'timeZone'>, now: Date): { open: boolean; nextOpening: Date | null } {
  const hours = settings.businessHours;
  if (!hours || Object.keys(hours).length === 0) return { open: true, nextOpening: null };
  const timeZone = settings.timeZone ?? 'UTC';
  const clock = localClock(now, timeZone);
  const today = hours[DAYS[clock.day]!];
  if (today && clock.minutes >= toMinutes(today.open) && clock.minutes < toMinutes(today.close)) return { open: true, nextOpening: null };
  // Walk forward a day at a time to the next opening; minutes are counted from now, in local time.
  for (let offset = 0; offset <= 7; offset++) {
    const span = hours[DAYS[(clock.day + offset) % 7]!];
    if (!span) continue;
    const opensIn = offset * 1440 + toMinutes(span.open) - clock.minutes;
    if (opensIn > 0) {
      const at = new Date(now.getTime() + opensIn * 60_000 - (now.getTime() % 60_000));
      // Counting in local minutes assumes no clock change on the way; a daylight-saving change
      // moves the local clock by its size, which is taken back here.
      const drift = ((localClock(at, timeZone).minutes - toMinutes(span.open) + 720 + 1440) % 1440) - 720;
      return { open: false, nextOpening: new Date(at.getTime() - drift * 60_000) };
    }
  }
  return { open: false, nextOpening: null };
}
