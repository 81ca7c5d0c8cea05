import type { SizeGuide } from '@sportello/protocol';
import { isRecord } from './platform-request';

/**
 * A size guide as a merchant stores it on a platform (a Shopify `json` metafield, a WooCommerce
 * meta value): Sportello's own `SizeGuide` shape, as an object or a JSON string —
 *
 * ```json
 * { "unit": "cm", "measurements": ["chest"],
 *   "rows": [{ "size": "M", "ranges": { "chest": [95, 101] } }],
 *   "note": "Regular fit." }
 * ```
 *
 * Null when there is none or it does not have that shape: a guide typed wrong by the merchant is
 * no guide (the bot then offers the knowledge base or a person), not a failure of the whole product.
 */
export function parseSizeGuide(value: unknown): SizeGuide | null {
  let raw = value;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return null;
    try {
      raw = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (!isRecord(raw)) return null;
  const { unit, measurements, rows, note } = raw;
  if (unit !== 'cm' && unit !== 'in') return null;
  if (!Array.isArray(measurements) || measurements.length === 0 || !measurements.every((m) => typeof m === 'string' && m.trim() !== '')) return null;
  if (!Array.isArray(rows) || rows.length === 0) return null;
  const parsedRows: SizeGuide['rows'] = [];
  for (const row of rows) {
    if (!isRecord(row) || typeof row.size !== 'string' || row.size.trim() === '' || !isRecord(row.ranges)) return null;
    const ranges: Record<string, [number, number]> = {};
    for (const [name, range] of Object.entries(row.ranges)) {
      if (!measurements.includes(name) || !isRange(range)) return null;
      ranges[name] = [range[0], range[1]];
    }
    parsedRows.push({ size: row.size, ranges });
  }
  return { unit, measurements: [...measurements] as string[], rows: parsedRows, note: typeof note === 'string' && note.trim() !== '' ? note : null };
}

const isRange = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n)) && value[0] <= value[1];
