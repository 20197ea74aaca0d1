// Packs dist/script.js, the manifest, i18n files and logos into dist/widget.zip for Kommo
// (platform reference §4.1-4.5, §9): every file at the archive root, UTF-8 without BOM, LF.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { drawLogo } from './png.mjs';
import { createZip } from './zip.mjs';

const widgetDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const distDir = join(widgetDir, 'dist');

export const LOCALES = ['en', 'es', 'pt'];
export const LOCATIONS = ['settings', 'advanced_settings', 'lcard-1'];

/** Logo file names and sizes from the marketplace checklist; logo_main keeps a 10 px margin. */
export const LOGOS = [
  { name: 'logo.png', width: 130, height: 100, margin: 0 },
  { name: 'logo_main.png', width: 400, height: 272, margin: 10 },
  { name: 'logo_medium.png', width: 240, height: 84, margin: 0 },
  { name: 'logo_min.png', width: 84, height: 84, margin: 0 },
  { name: 'logo_small.png', width: 108, height: 108, margin: 0 },
];

export function createManifest({ version, supportLink, supportEmail }) {
  return {
    widget: {
      name: 'widget.name',
      description: 'widget.description',
      short_description: 'widget.short_description',
      version,
      interface_version: 2,
      init_once: false,
      locale: LOCALES,
      installation: true,
      support: { link: supportLink, email: supportEmail },
    },
    locations: LOCATIONS,
    settings: {
      backend_url: { name: 'settings.backend_url', type: 'text', required: false },
    },
    advanced: { title: 'advanced.title' },
  };
}

/** Text as the marketplace wants it: no BOM, LF line endings. */
export function normalizeText(text) {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function keyPaths(value, prefix = '') {
  if (typeof value !== 'object' || value === null) {
    return [prefix];
  }

  return Object.entries(value).flatMap(([key, child]) =>
    keyPaths(child, prefix ? `${prefix}.${key}` : key),
  );
}

/** Reads the three locale files and fails when their key sets differ. */
export function readLocales() {
  const locales = LOCALES.map((locale) => ({
    locale,
    messages: JSON.parse(
      normalizeText(readFileSync(join(widgetDir, 'src/i18n', `${locale}.json`), 'utf8')),
    ),
  }));
  const expected = keyPaths(locales[0].messages).sort().join('\n');

  for (const { locale, messages } of locales) {
    if (keyPaths(messages).sort().join('\n') !== expected) {
      throw new Error(`i18n/${locale}.json does not have the same keys as i18n/en.json`);
    }
  }

  return locales;
}

const json = (value) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

export function collectWidgetFiles(env = process.env) {
  const packageJson = JSON.parse(readFileSync(join(widgetDir, 'package.json'), 'utf8'));
  const script = normalizeText(readFileSync(join(distDir, 'script.js'), 'utf8'));
  const manifest = createManifest({
    version: packageJson.version,
    supportLink: env.WIDGET_SUPPORT_LINK || 'https://heap-sync.example.com/support',
    supportEmail: env.WIDGET_SUPPORT_EMAIL || 'support@heap-sync.example.com',
  });

  return [
    { name: 'manifest.json', data: json(manifest) },
    { name: 'script.js', data: Buffer.from(script, 'utf8') },
    ...readLocales().map(({ locale, messages }) => ({
      name: `i18n/${locale}.json`,
      data: json(messages),
    })),
    ...LOGOS.map(({ name, width, height, margin }) => ({
      name: `images/${name}`,
      data: drawLogo(width, height, margin),
    })),
  ];
}

export function packageWidget() {
  const files = collectWidgetFiles();
  const zipPath = join(distDir, 'widget.zip');

  mkdirSync(distDir, { recursive: true });
  writeFileSync(zipPath, createZip(files));

  return { zipPath, files: files.map((file) => file.name) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { zipPath, files } = packageWidget();

  console.log(`Wrote ${zipPath}: ${files.join(', ')}`);
}
