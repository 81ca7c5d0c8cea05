/** One day's opening hours, `HH:MM` in the site's time zone (as in the public widget config). */
export interface OpeningSpan {
  open: string;
  close: string;
}
export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export type BusinessHours = Partial<Record<Weekday, OpeningSpan>>;

const DAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface WallClock {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number;
}

/** The wall clock at `instant` in `timeZone` (an IANA name; an unknown one is read as UTC). */
export function wallClock(instant: Date, timeZone: string): WallClock {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    return wallClock(instant, 'UTC');
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const weekday = new Date(Date.UTC(p.year!, p.month! - 1, p.day!)).getUTCDay();
  return { year: p.year!, month: p.month!, day: p.day!, weekday, minutes: (p.hour! % 24) * 60 + p.minute! };
}

function toMinutes(hhmm: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The instant when the wall clock in `timeZone` reads the given local date and time. */
export function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  let t = guess;
  // Two rounds settle the offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(t), timeZone);
    const seen = Date.UTC(w.year, w.month - 1, w.day, 0, w.minutes);
    t += guess - seen;
  }
  return new Date(t);
}

export interface Availability {
  /** Inside business hours now. */
  open: boolean;
  /** When the next opening starts (null when open now, or when no day has hours). */
  nextOpening: Date | null;
}

/**
 * Whether the site is inside its business hours at `now`, and if not, when it next opens. A site
 * with no hours at all is treated as always open (the merchant did not restrict them). A span
 * whose close is before its open runs past midnight.
 */
export function availability(hours: BusinessHours | null | undefined, timeZone: string, now: Date): Availability {
  const days = DAYS.filter((d) => hours?.[d]);
  if (days.length === 0) return { open: true, nextOpening: null };
  const w = wallClock(now, timeZone);
  const span = (weekday: number) => {
    const s = hours![DAYS[weekday]!];
    const open = s && toMinutes(s.open);
    const close = s && toMinutes(s.close);
    return open == null || close == null ? null : { open, close: close <= open ? close + 1440 : close };
  };
  const today = span(w.weekday);
  if (today && w.minutes >= today.open && w.minutes < today.close) return { open: true, nextOpening: null };
  const yesterday = span((w.weekday + 6) % 7);
  if (yesterday && yesterday.close > 1440 && w.minutes < yesterday.close - 1440) return { open: true, nextOpening: null };
  for (let ahead = 0; ahead <= 7; ahead++) {
    const s = span((w.weekday + ahead) % 7);
    if (!s || (ahead === 0 && w.minutes >= s.open)) continue;
    // Calendar arithmetic on the local date, then back to an instant in the site's zone.
    const d = new Date(Date.UTC(w.year, w.month - 1, w.day + ahead));
    return {
      open: false,
      nextOpening: zonedInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), s.open, timeZone),
    };
  }
  return { open: false, nextOpening: null };
}
