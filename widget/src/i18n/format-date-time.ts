/** A timestamp in the user's locale format, e.g. "Mar 3, 2026, 2:05 PM" for `en`. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);

  if (Number.isNaN(date.getTime())) {
    return iso;
  }

  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
      date,
    );
  } catch {
    return date.toISOString();
  }
}
