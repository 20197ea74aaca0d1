import { useContext } from 'react';
import { WidgetEnvironmentContext, type WidgetEnvironment } from '../context/widget-environment';

export function useWidgetEnvironment(): WidgetEnvironment {
  const environment = useContext(WidgetEnvironmentContext);

  if (!environment) {
    throw new Error('Heap Sync components must be rendered inside WidgetRoot');
  }

  return environment;
}
