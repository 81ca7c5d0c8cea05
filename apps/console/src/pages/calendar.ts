/** Days on a site's wall clock: the report ranges are whole local days, sent to the API as instants. */

/** `YYYY-MM-DD` of `at` on the wall clock of `timeZone`. */
export function dayIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Minutes `timeZone` is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant the day `YYYY-MM-DD` starts in `timeZone` (DST-aware). */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let at = new Date(guess - offsetMinutes(new Date(guess), timeZone) * 60_000);
  // Once more, in case the offset differs at midnight itself (a DST change that day).
  at = new Date(guess - offsetMinutes(at, timeZone) * 60_000);
  return at;
}

/** `day` moved by `n` days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The first and last day shown (both inclusive) for a preset. */
export function presetDays(preset: 'today' | '7d' | '30d', today: string): { first: string; last: string } {
  const back = { today: 0, '7d': 6, '30d': 29 }[preset];
  return { first: addDays(today, -back), last: today };
}
