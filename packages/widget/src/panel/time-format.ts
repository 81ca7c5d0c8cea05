/** Message time, e.g. `14:05` or `2:05 PM` as the locale writes it. */
export function formatTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
}

/** Local calendar day of an instant, as a comparable key. */
export function dayKey(iso: string | Date): string {
  return new Date(iso).toDateString();
}

/** A day separator's label: today, yesterday, or the date. */
export function dayLabel(iso: string, locale: string, today: string, yesterday: string, now = new Date()): string {
  const key = dayKey(iso);
  if (key === dayKey(now)) return today;
  if (key === dayKey(new Date(now.getTime() - 864e5))) return yesterday;
  return new Date(iso).toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' });
}

/** When a human is back, in the store's time zone and named, e.g. `Monday, 09:00 Central European Time`. */
export function formatOpening(at: Date, locale: string, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', hour: 'numeric', minute: '2-digit' };
  try {
    return at.toLocaleString(locale, { ...options, timeZone, timeZoneName: 'longGeneric' });
  } catch {
    // A zone or a zone name this browser does not know: the shopper's own clock, its zone abbreviated.
    return at.toLocaleString(locale, { ...options, timeZoneName: 'short' });
  }
}

/** A date, e.g. `24 November 2026`. */
export function formatDate(iso: string, locale: string): string {
  return new Date(iso).toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
}
