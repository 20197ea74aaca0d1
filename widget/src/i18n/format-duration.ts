type DurationUnit = 'second' | 'minute' | 'hour';

function largestUnit(seconds: number): [number, DurationUnit] {
  if (seconds < 90) {
    return [Math.max(1, Math.round(seconds)), 'second'];
  }

  if (seconds < 90 * 60) {
    return [Math.round(seconds / 60), 'minute'];
  }

  return [Math.round(seconds / 360) / 10, 'hour'];
}

/** A rough duration in the user's language, e.g. "4 minutes", "4 minutos", "1.5 hours". */
export function formatDuration(seconds: number, locale: string): string {
  const [value, unit] = largestUnit(seconds);

  try {
    return new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'long',
      maximumFractionDigits: 1,
    }).format(value);
  } catch {
    return `${value} ${unit}`;
  }
}
