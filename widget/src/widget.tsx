import type { ReactNode } from 'react';
import { createWidgetApiClient } from './api/widget-api-client';
import { AdvancedSettingsPage } from './components/AdvancedSettingsPage';
import { DealSyncBadge } from './components/DealSyncBadge';
import { SettingsIntro } from './components/SettingsIntro';
import { WidgetRoot } from './components/WidgetRoot';
import type { WidgetEnvironment } from './context/widget-environment';
import { createTranslator } from './i18n/translator';
import { registerForHarness } from './kommo/harness-hook';
import {
  ajaxTransport,
  backendUrl,
  currentCardId,
  isAdminUser,
  isLeadCard,
  uiDictionary,
  userLocale,
  widgetCode,
} from './kommo/kommo-host';
import type { JQueryLike, KommoWidgetSelf } from './kommo/kommo-types';
import { advancedMountPoint, cardMountPoint, settingsMountPoint } from './kommo/mount-points';
import { ReactMounts, type MountSlot } from './kommo/react-mounts';
import { injectStyles, removeStylesIfUnused } from './styles/inject-styles';

export type WidgetConstructor = new () => KommoWidgetSelf;

/**
 * The constructor Kommo instantiates (script.js contract, platform reference §4.4). Host methods
 * such as `get_settings` and `$authorizedAjax` are read when a callback runs, never earlier:
 * Kommo attaches them after construction.
 */
export function createHeapSyncWidget($: JQueryLike | undefined): WidgetConstructor {
  function HeapSyncWidget(this: KommoWidgetSelf) {
    // Arrow functions below keep `this`, the instance Kommo later extends with its methods.
    const mounts = new ReactMounts();

    const environment = (): WidgetEnvironment => ({
      api: createWidgetApiClient(ajaxTransport(this, $), backendUrl(this)),
      t: createTranslator(uiDictionary(this)),
      locale: userLocale(),
      isAdmin: isAdminUser(),
    });

    const mount = (slot: MountSlot, container: HTMLElement | null, content: ReactNode) => {
      if (!container) {
        return;
      }

      injectStyles();
      mounts.mount(slot, container, (queryClient) => (
        <WidgetRoot environment={environment()} queryClient={queryClient}>
          {content}
        </WidgetRoot>
      ));
    };

    this.callbacks = {
      render: () => {
        const cardId = currentCardId();

        // A new, unsaved deal has nothing to show (and no id to ask about).
        if (cardId === 0) {
          return false;
        }

        if (cardId !== null && isLeadCard(this)) {
          mount('card', cardMountPoint(this, widgetCode(this)), <DealSyncBadge leadId={cardId} />);
        }

        return true;
      },
      init: () => true,
      bind_actions: () => true,
      settings: (modalBody) => {
        mount('settings', settingsMountPoint(widgetCode(this), modalBody), <SettingsIntro />);
      },
      // The only manifest setting is the optional backend URL, so there is nothing to refuse.
      onSave: () => true,
      destroy: () => {
        mounts.unmountAll();
        removeStylesIfUnused();
      },
      advancedSettings: (workArea) => {
        mount('advanced', advancedMountPoint(widgetCode(this), workArea), <AdvancedSettingsPage />);
      },
    };

    registerForHarness({ widget: this, mountedSlots: () => mounts.slots() });

    return this;
  }

  return HeapSyncWidget as unknown as WidgetConstructor;
}
