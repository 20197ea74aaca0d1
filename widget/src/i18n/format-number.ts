/** A count or rate in the user's locale format, e.g. "12,500" for `en` and "12.500" for `es`. */
export function formatNumber(value: number, locale: string, maximumFractionDigits = 0): string {
  try {
    return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value);
  } catch {
    return String(value);
  }
}
