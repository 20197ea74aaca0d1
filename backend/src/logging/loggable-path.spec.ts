import { loggablePath } from './logging.module';

describe('loggablePath', () => {
  it('hides the credential in webhook URLs and drops query strings', () => {
    expect(loggablePath('/api/kommo/webhooks/VH3RPbEZKeJG-1X2A2cKVOmI?x=1')).toBe(
      '/api/kommo/webhooks/[redacted]',
    );
    expect(loggablePath('/api/heap/segments/V3sJG_abc')).toBe('/api/heap/segments/[redacted]');
    expect(loggablePath('/api/kommo/oauth/callback?code=secret&state=s')).toBe(
      '/api/kommo/oauth/callback',
    );
    expect(loggablePath('/api/widget/deals/42/sync')).toBe('/api/widget/deals/42/sync');
  });
});
