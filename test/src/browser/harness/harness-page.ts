export type HarnessArea = 'settings' | 'advanced_settings' | 'lcard';
export type HarnessTheme = 'light' | 'dark';

/** What kommo-host.js reads from the page: who is signed in, where, and where the widget is. */
export interface HarnessPageConfig {
  area: HarnessArea;
  theme: HarnessTheme;
  widgetCode: string;
  widgetPath: string;
  widgetVersion: string;
  backendUrl: string;
  accountId: number;
  subdomain: string;
  userId: number;
  isAdmin: boolean;
  /** The open card's lead id (0 for a new, unsaved deal); ignored outside cards. */
  leadId: number;
}

// Kommo-like chrome around the widget, so screenshots show it in context. Host styles only:
// everything inside the widget's mount points is the widget's own CSS.
const STYLES = `
  body { margin: 0; font: 14px/1.4 'PT Sans', Arial, sans-serif; background: #f2f4f6;
    color: #313942; }
  body.dark-theme { background: #0f1a24; color: #e6e9ed; }
  .harness-frame { display: flex; min-height: 100vh; }
  .harness-nav { width: 64px; background: #1b3b5a; flex: none; }
  body.dark-theme .harness-nav { background: #09131c; }
  .harness-main { flex: 1; min-width: 0; }
  .harness-top { padding: 14px 24px; border-bottom: 1px solid #d4d8dd; background: #fff;
    font-size: 16px; }
  body.dark-theme .harness-top { background: #162431; border-color: #2a3a48; }
  .harness-work { padding: 8px 24px 24px; }
  .harness-card { display: flex; min-height: calc(100vh - 50px); }
  .harness-lead { width: 340px; padding: 20px 24px; background: #fff;
    border-right: 1px solid #d4d8dd; }
  body.dark-theme .harness-lead { background: #162431; border-color: #2a3a48; }
  .harness-lead h1 { margin: 0 0 8px; font-size: 20px; }
  .harness-feed { flex: 1; padding: 20px; opacity: 0.6; }
  #widgets-column { width: 300px; padding: 12px; border-left: 1px solid #d4d8dd; }
  body.dark-theme #widgets-column { border-color: #2a3a48; }
  .harness-widget { border-radius: 6px; background: #fff; padding: 10px 12px; }
  body.dark-theme .harness-widget { background: #162431; }
  .harness-widget__caption { font-weight: 700; margin-bottom: 8px; }
  .harness-modal { max-width: 640px; margin: 24px; padding: 20px; background: #fff;
    border-radius: 6px; }
  body.dark-theme .harness-modal { background: #162431; }
`;

function areaMarkup(config: HarnessPageConfig): string {
  if (config.area === 'lcard') {
    return `
      <div class="harness-top">Leads › Deal #${config.leadId}</div>
      <div class="harness-card">
        <section class="harness-lead"><h1>Deal #${config.leadId}</h1><p>Sales pipeline</p></section>
        <section class="harness-feed">Notes and activity</section>
        <aside id="widgets-column" aria-label="Widgets"></aside>
      </div>`;
  }
  if (config.area === 'settings') {
    return `
      <div class="harness-top">Settings › Integrations</div>
      <div id="widget-settings-modal" class="harness-modal" role="dialog">
        <div class="widget-settings__desc-space"></div>
        <label>Server URL <input name="backend_url" value="${config.backendUrl}"></label>
      </div>`;
  }

  return `
    <div class="harness-top">Settings › Heap Sync</div>
    <div class="harness-work"><div id="work-area-${config.widgetCode}"></div></div>`;
}

export function harnessPage(config: HarnessPageConfig): string {
  // `<` escaped so the JSON can never close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');

  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>Kommo harness: ${config.area}</title>
  <style>${STYLES}</style>
  <script src="/vendor/require.js"></script>
</head>
<body class="${config.theme === 'dark' ? 'dark-theme' : 'light-theme'}">
  <div class="harness-frame">
    <nav class="harness-nav"></nav>
    <main class="harness-main">${areaMarkup(config)}</main>
  </div>
  <script type="application/json" id="harness-config">${json}</script>
  <script src="/harness/kommo-host.js"></script>
</body>
</html>`;
}
