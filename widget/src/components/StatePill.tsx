import type { BadgeState } from '@heap-sync/shared';
import { useWidgetEnvironment } from '../hooks/useWidgetEnvironment';

export function StatePill({ state }: { state: BadgeState }) {
  const { t } = useWidgetEnvironment();

  return (
    <span className={`heap-sync-widget__pill heap-sync-widget__pill--${state}`} data-state={state}>
      {t(`state.${state}`)}
    </span>
  );
}
