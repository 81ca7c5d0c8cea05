import type { Report } from '@sportello/protocol';

/** 95 → "1 min 35 s"; 7260 → "2 h 1 min"; 200000 → "2 d 8 h". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return m < 10 && rest ? `${m} min ${rest} s` : `${m} min`;
  }
  // Rounded to the minute, then to the hour, so that 23 h 59 min 59 s reads "1 d", not "23 h 60 min".
  const minutes = Math.round(s / 60);
  if (minutes < 1440) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "1 chat", "3 chats". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The line under the deflection rate: of how many settled conversations the bot resolved alone, and
 * how many it handled alone that are still within the 24 hours in which the shopper may come back.
 */
export function deflectionLine(r: Report): string {
  const { resolvedByBot, pending, cameBack } = r.botDeflection;
  const settled = r.conversations - pending;
  const parts = [`${resolvedByBot} of ${plural(settled, 'conversation')} resolved without a person`];
  if (cameBack) parts.push(`${cameBack} came back on the same topic`);
  if (pending) parts.push(`${pending} more still within 24 h`);
  return parts.join(' · ');
}

/** The report as CSV: the figures, then the days, hours and hand-off reasons, each under its header row. */
export function toCsv(r: Report): string {
  const cell = (v: string | number | null) => (v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows: (string | number | null)[][] = [
    ['figure', 'value'],
    ['from', r.from],
    ['to (exclusive)', r.to],
    ['time zone', r.timeZone],
    ['conversations', r.conversations],
    ['first response median (s)', r.firstResponseSeconds.median],
    ['first response p90 (s)', r.firstResponseSeconds.p90],
    ['resolution median (s)', r.resolutionSeconds.median],
    ['resolution p90 (s)', r.resolutionSeconds.p90],
    ['csat average', r.csat.average],
    ['csat ratings', r.csat.count],
    ...(['1', '2', '3', '4', '5'] as const).map((k) => [`csat ${k}`, r.csat.distribution[k]]),
    ['resolved by the bot', r.botDeflection.resolvedByBot],
    ['handled by the bot, shopper came back on the topic', r.botDeflection.cameBack],
    ['handled by the bot, still within 24 h', r.botDeflection.pending],
    ['bot deflection rate', r.botDeflection.rate],
    [],
    ['date', 'conversations'],
    ...r.perDay.map((d) => [d.date, d.count]),
    [],
    ['hour', 'conversations'],
    ...r.busiestHours.map((h) => [h.hour, h.count]),
    [],
    ['handoff reason', 'conversations'],
    ...r.handoffReasons.map((h) => [h.reason, h.count]),
  ];
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
