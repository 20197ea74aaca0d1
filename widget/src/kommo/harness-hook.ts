import type { KommoWidgetSelf } from './kommo-types';
import type { MountSlot } from './react-mounts';

export const HARNESS_GLOBAL = '__HEAP_SYNC_WIDGET__';
const KEPT_INSTANCES = 10;

export interface HarnessInstance {
  widget: KommoWidgetSelf;
  mountedSlots: () => MountSlot[];
}

/**
 * Read-only facts for tests that load script.js through a bare AMD loader: the build's version
 * and default backend, and which areas the latest widget instances have mounted.
 */
export interface HarnessHook {
  version: string;
  defaultBackendUrl: string;
  instances: HarnessInstance[];
}

export function registerForHarness(instance: HarnessInstance): void {
  const scope = globalThis as typeof globalThis & { [HARNESS_GLOBAL]?: HarnessHook };
  const hook = (scope[HARNESS_GLOBAL] ??= {
    version: __WIDGET_VERSION__,
    defaultBackendUrl: __DEFAULT_BACKEND_URL__,
    instances: [],
  });

  hook.instances.push(instance);
  hook.instances.splice(0, Math.max(0, hook.instances.length - KEPT_INSTANCES));
}
