/**
 * A price in the locale's way (`€24.90`, `24,90 €`; the runtime's locale when none is given):
 * `cents` are minor units, so currencies without them (JPY) are not divided. An unknown currency
 * code shows as `24.90 XYZ`. Its own module, so a bundle takes only this.
 */
export function money(cents: number, currency: string, locale?: string): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    return format.format(cents / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}
