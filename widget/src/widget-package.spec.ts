/**
 * The deliverable itself: dist/widget.zip as uploaded to Kommo, and the built script.js run
 * through a bare AMD `define`, as Kommo's RequireJS (or a browser harness) would load it.
 * Builds first when the archive is missing or older than its sources.
 */
import { WIDGET_API } from '@heap-sync/shared';
import { screen, waitFor } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import en from './i18n/en.json';
import es from './i18n/es.json';
import type { JQueryLike, KommoWidgetSelf } from './kommo/kommo-types';
import { ensureWidgetBuild, SCRIPT_PATH, ZIP_PATH } from './test-utils/ensure-widget-build';
import { createFakeAjax } from './test-utils/fake-ajax';
import { dealSync, settingsResponse, syncRecord } from './test-utils/fixtures';
import { pngSize, readZip, type ZipEntry } from './test-utils/read-zip';

jest.setTimeout(120_000);

const TEXT_FILES = ['manifest.json', 'script.js', 'i18n/en.json', 'i18n/es.json', 'i18n/pt.json'];
const LOGOS: Record<string, [number, number]> = {
  'images/logo.png': [130, 100],
  'images/logo_main.png': [400, 272],
  'images/logo_medium.png': [240, 84],
  'images/logo_min.png': [84, 84],
  'images/logo_small.png': [108, 108],
};

type Json = { [key: string]: Json } | string | number | boolean | null | Json[];

/** Leaf paths such as `widget/name` or `ui/badge.title` (ui keys contain dots themselves). */
function keyPaths(value: Json, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [prefix];
  }

  return Object.entries(value).flatMap(([key, child]) =>
    keyPaths(child, prefix ? `${prefix}/${key}` : key),
  );
}

function lookup(messages: Json, path: string): Json | undefined {
  return path
    .split('/')
    .reduce<Json | undefined>(
      (node, key) =>
        node && typeof node === 'object' && !Array.isArray(node) ? node[key] : undefined,
      messages,
    );
}

beforeAll(() => ensureWidgetBuild());

describe('dist/widget.zip', () => {
  let entries: Map<string, Buffer>;
  const text = (name: string) => entries.get(name)!.toString('utf8');
  const json = (name: string) => JSON.parse(text(name)) as Json & Record<string, Json>;

  beforeAll(() => {
    entries = new Map(readZip(readFileSync(ZIP_PATH)).map((e: ZipEntry) => [e.name, e.data]));
  });

  it('holds exactly the widget files, at the archive root', () => {
    expect([...entries.keys()].sort()).toEqual([...TEXT_FILES, ...Object.keys(LOGOS)].sort());
  });

  it('has a manifest Kommo accepts', () => {
    const manifest = json('manifest.json') as Record<string, Record<string, Json>>;
    const packageVersion = JSON.parse(readFileSync('package.json', 'utf8')).version;

    expect(manifest.widget).toMatchObject({
      name: 'widget.name',
      description: 'widget.description',
      short_description: 'widget.short_description',
      version: packageVersion,
      interface_version: 2,
      init_once: false,
      locale: ['en', 'es', 'pt'],
      installation: true,
      support: { link: expect.stringMatching(/^https:\/\//), email: expect.stringContaining('@') },
    });
    expect(manifest.locations).toEqual(['settings', 'advanced_settings', 'lcard-1']);
    expect(manifest.settings).toEqual({
      backend_url: { name: 'settings.backend_url', type: 'text', required: false },
    });
    expect(manifest.advanced).toEqual({ title: 'advanced.title' });
  });

  it('ships the three locales with identical keys and real translations', () => {
    const [english, spanish, portuguese] = ['en', 'es', 'pt'].map((l) => json(`i18n/${l}.json`));
    const keys = keyPaths(english).sort();

    expect(keyPaths(spanish).sort()).toEqual(keys);
    expect(keyPaths(portuguese).sort()).toEqual(keys);

    for (const messages of [english, spanish, portuguese]) {
      for (const key of keys) {
        expect(lookup(messages, key)).toEqual(expect.stringMatching(/\S/));
      }

      // The manifest's i18n keys, within the marketplace's length limits.
      expect(String(lookup(messages, 'widget/name')).length).toBeLessThanOrEqual(30);
      expect(String(lookup(messages, 'widget/short_description')).length).toBeLessThanOrEqual(50);
      expect(String(lookup(messages, 'widget/description')).length).toBeLessThanOrEqual(400);
      expect(lookup(messages, 'widget/description')).toEqual(expect.any(String));
      expect(lookup(messages, 'settings/backend_url')).toEqual(expect.any(String));
      expect(lookup(messages, 'advanced/title')).toEqual(expect.any(String));
    }

    const translated = (other: Json) =>
      keys.filter((key) => key.startsWith('ui/') && lookup(other, key) !== lookup(english, key));
    const uiKeys = keys.filter((key) => key.startsWith('ui/'));

    // Brand names and identical words aside, nearly every text differs from English.
    expect(translated(spanish).length).toBeGreaterThan(uiKeys.length * 0.85);
    expect(translated(portuguese).length).toBeGreaterThan(uiKeys.length * 0.85);
  });

  it('has the five logos at their exact pixel sizes', () => {
    for (const [name, [width, height]] of Object.entries(LOGOS)) {
      expect({ name, ...pngSize(entries.get(name)!) }).toEqual({ name, width, height });
    }
  });

  it('stores text as UTF-8 without BOM and with LF line endings only', () => {
    for (const name of TEXT_FILES) {
      const bytes = entries.get(name)!;

      expect({ name, bom: bytes.subarray(0, 3).toString('hex') }).not.toEqual({
        name,
        bom: 'efbbbf',
      });
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
      expect({ name, hasCR: bytes.includes(0x0d) }).toEqual({ name, hasCR: false });
    }
  });

  it('ships script.js unminified, as an AMD module with the Kommo callbacks', () => {
    const script = text('script.js');
    const lines = script.split('\n');

    expect(lines.length).toBeGreaterThan(5000);
    expect(script.length / lines.length).toBeLessThan(80);
    expect(script).toMatch(/^\/\*[\s\S]*?\*\/\ndefine\(\["jquery"\], \(function\(\$\) \{\n/);
    expect(script.trimEnd().endsWith('}));')).toBe(true);

    for (const name of [
      'createHeapSyncWidget',
      'createWidgetApiClient',
      'WidgetApiError',
      'AdvancedSettingsPage',
      'DealSyncBadge',
    ]) {
      expect(script).toContain(name);
    }

    const callbacks = script.slice(script.indexOf('this.callbacks = {'));
    const names = ['render', 'init', 'bind_actions', 'settings', 'onSave', 'destroy'];

    for (const callback of [...names, 'advancedSettings']) {
      expect(callbacks).toMatch(new RegExp(`\\n\\s+${callback}(\\(|: )`));
    }

    expect(script).not.toMatch(/\beval\s*\(/);
    expect(script).not.toMatch(/new Function\s*\(/);
    expect(script).not.toContain('sourceMappingURL');
  });
});

describe('script.js under a bare AMD loader', () => {
  type Factory = ($: JQueryLike) => new () => KommoWidgetSelf;
  type Hook = { defaultBackendUrl: string; instances: { mountedSlots: () => string[] }[] };
  const BACKEND = 'https://backend.test';
  const CODE = 'heap_sync_test';
  let defined: { deps: string[]; factory: Factory }[] = [];
  let leakedGlobals: string[] = [];
  const scope = window as unknown as Record<string, unknown>;

  beforeAll(() => {
    const define = (deps: string[], factory: Factory) => defined.push({ deps, factory });

    scope.define = Object.assign(define, { amd: {} });
    const globalsBefore = new Set(Object.keys(window));
    const script = document.createElement('script');
    script.textContent = readFileSync(SCRIPT_PATH, 'utf8');
    document.head.appendChild(script);
    leakedGlobals = Object.keys(window).filter((key) => !globalsBefore.has(key));
  });

  afterAll(() => {
    delete scope.define;
    defined = [];
  });

  afterEach(() => {
    delete scope.APP;
    document.body.innerHTML = '';
  });

  function backend() {
    return createFakeAjax(
      {
        [`GET ${WIDGET_API.settings}`]: { body: settingsResponse() },
        [`GET ${WIDGET_API.fields}`]: { body: { leadFields: [], contactFields: [] } },
        [`GET ${WIDGET_API.pipelines}`]: { body: { pipelines: [] } },
        [`GET ${WIDGET_API.dealSync(5001)}`]: {
          body: dealSync('synced', [syncRecord()], '2026-03-02T10:00:05.000Z'),
        },
      },
      BACKEND,
    );
  }

  /** A widget instance with the methods Kommo adds to it. */
  function kommoWidget(ajax = backend(), dictionary: Record<string, unknown> = en) {
    const Widget = defined[0].factory({});
    const widget = new Widget();

    Object.assign(widget, {
      get_settings: () => ({ widget_code: CODE, backend_url: `${BACKEND}/` }),
      i18n: (key: string) => dictionary[key],
      $authorizedAjax: ajax.ajax,
      system: () => ({ area: 'lcard' }),
      render_template: (options: { render: string }) => {
        const panel = document.createElement('div');
        panel.setAttribute('data-code', CODE);
        panel.innerHTML = options.render;
        document.body.appendChild(panel);
      },
    });

    return { widget, ajax };
  }

  it('defines one anonymous module that depends on jquery only and leaks no globals', () => {
    expect(defined).toHaveLength(1);
    expect(defined[0].deps).toEqual(['jquery']);
    expect(leakedGlobals).toEqual([]);

    const { widget } = kommoWidget();
    expect(Object.keys(widget.callbacks).sort()).toEqual(
      [
        'advancedSettings',
        'bind_actions',
        'destroy',
        'init',
        'onSave',
        'render',
        'settings',
      ].sort(),
    );
    expect(widget.callbacks.init()).toBe(true);
    expect(widget.callbacks.bind_actions()).toBe(true);
    expect(widget.callbacks.onSave()).toBe(true);
  });

  it('renders nothing on a new deal card', () => {
    scope.APP = { data: { current_card: { id: 0 } } };
    const { widget, ajax } = kommoWidget();

    expect(widget.callbacks.render()).toBe(false);
    expect(ajax.calls).toHaveLength(0);
  });

  it('mounts the badge in the card panel, then destroy unmounts everything', async () => {
    scope.APP = { data: { current_card: { id: 5001 } }, lang_id: 'en' };
    const { widget, ajax } = kommoWidget();

    expect(widget.callbacks.render()).toBe(true);

    expect(await screen.findByText('crm_deal_won')).toBeInTheDocument();
    expect(ajax.calls[0].options.url).toBe(`${BACKEND}${WIDGET_API.dealSync(5001)}`);
    expect(document.querySelector(`[data-code="${CODE}"] .heap-sync-widget`)).not.toBeNull();
    expect(document.getElementById('heap-sync-widget-styles')).not.toBeNull();

    widget.callbacks.destroy();

    expect(document.querySelector('.heap-sync-widget')).toBeNull();
    expect(document.getElementById('heap-sync-widget-styles')).toBeNull();
    const hook = scope.__HEAP_SYNC_WIDGET__ as Hook;
    expect(hook.instances.at(-1)!.mountedSlots()).toEqual([]);
  });

  it('mounts the advanced settings page in #work-area-<code> with the i18n texts', async () => {
    const workArea = document.createElement('div');
    workArea.id = `work-area-${CODE}`;
    document.body.appendChild(workArea);
    const { widget, ajax } = kommoWidget(backend(), es);

    widget.callbacks.advancedSettings();

    expect(await screen.findByLabelText('app_id de Heap')).toHaveValue('123456');
    expect(workArea.querySelector('.heap-sync-widget')).not.toBeNull();
    expect(ajax.callsTo('GET', WIDGET_API.settings)[0].options.url).toBe(
      `${BACKEND}${WIDGET_API.settings}`,
    );
    widget.callbacks.destroy();
    expect(workArea.childElementCount).toBe(0);
  });

  it("adds its intro to the settings modal without removing Kommo's content", async () => {
    const modal = document.createElement('div');
    modal.innerHTML = '<div class="widget-settings__desc-space"><p>Kommo text</p></div>';
    document.body.appendChild(modal);
    const { widget } = kommoWidget();

    widget.callbacks.settings([modal]);

    expect(await screen.findByText(en.ui['modal.intro'])).toBeInTheDocument();
    expect(screen.getByText('Kommo text')).toBeInTheDocument();
    widget.callbacks.destroy();
  });

  it('falls back to the build-time backend and jQuery ajax outside Kommo', async () => {
    const hook = scope.__HEAP_SYNC_WIDGET__ as Hook;
    const ajax = createFakeAjax(
      { [`GET ${WIDGET_API.settings}`]: { body: settingsResponse() } },
      hook.defaultBackendUrl,
    );
    const workArea = document.createElement('div');
    workArea.id = 'work-area-heap_sync';
    document.body.appendChild(workArea);
    const widget = new (defined[0].factory({ ajax: ajax.ajax }))();

    widget.callbacks.advancedSettings();

    expect(await screen.findByLabelText(en.ui['heap.appId'])).toBeInTheDocument();
    await waitFor(() =>
      expect(ajax.calls[0].options.url).toBe(`${hook.defaultBackendUrl}${WIDGET_API.settings}`),
    );
    widget.callbacks.destroy();
  });
});
