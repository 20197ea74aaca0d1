import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createQueryClient } from '../api/create-query-client';

export type MountSlot = 'settings' | 'advanced' | 'card';

interface Mounted {
  root: Root;
  container: HTMLElement;
  queryClient: QueryClient;
}

/** One React root per Kommo callback area; `destroy` unmounts them all. */
export class ReactMounts {
  private readonly mounted = new Map<MountSlot, Mounted>();

  mount(slot: MountSlot, container: HTMLElement, render: (client: QueryClient) => ReactNode) {
    this.unmount(slot);

    const queryClient = createQueryClient();
    const root = createRoot(container);

    root.render(render(queryClient));
    this.mounted.set(slot, { root, container, queryClient });
  }

  unmount(slot: MountSlot) {
    const mounted = this.mounted.get(slot);

    if (!mounted) {
      return;
    }

    this.mounted.delete(slot);
    mounted.root.unmount();
    mounted.queryClient.clear();
    mounted.container.remove();
  }

  unmountAll() {
    for (const slot of Array.from(this.mounted.keys())) {
      this.unmount(slot);
    }
  }

  slots(): MountSlot[] {
    return Array.from(this.mounted.keys());
  }
}
