import { formatNumber } from '../i18n/format-number';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';

interface ReasonCountsProps {
  title: string;
  /** Deals per reason, as the backend words the reason. */
  reasons: Record<string, number>;
}

/** Why deals were left out, the most common reason first. */
export function ReasonCounts({ title, reasons }: ReasonCountsProps) {
  const { t, locale } = useWidgetEnvironment();
  const entries = Object.entries(reasons)
    .filter(([, count]) => count > 0)
    .sort(([, a], [, b]) => b - a);

  return (
    <div className="heap-sync-widget__properties">
      <p className="heap-sync-widget__label">{title}</p>
      {entries.length === 0 ? (
        <p className="heap-sync-widget__muted">{t('backfillReport.noDeals')}</p>
      ) : (
        <dl>
          {entries.map(([reason, count]) => (
            <div key={reason} className="heap-sync-widget__property">
              <dt>{reason}</dt>
              <dd>{formatNumber(count, locale)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
