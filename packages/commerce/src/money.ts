const digitsCache = new Map<string, number>();

/** How many minor-unit digits a currency has (EUR 2, JPY 0, KWD 3), from the runtime's ICU data. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(code, digits);
  }
  return digits;
}

/**
 * A decimal amount as the platforms send it ("29.35", 29.35) in minor units of `currency`
 * (2935 for EUR, 2935 yen stays 2935 for JPY). Null when the amount is not a number.
 */
export function toMinorUnits(amount: unknown, currency: string): number | null {
  const value = typeof amount === 'number' ? amount : typeof amount === 'string' && amount.trim() !== '' ? Number(amount) : Number.NaN;
  if (!Number.isFinite(value)) return null;
  return Math.round(value * 10 ** currencyDigits(currency));
}
