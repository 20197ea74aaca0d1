import { ConfigError, loadConfig } from './app-config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const PRODUCTION = {
  NODE_ENV: 'production',
  KOMMO_CLIENT_ID: '5b1f0c7e-93c1-4a52-9d7e-2f6b0a1c9e11',
  KOMMO_CLIENT_SECRET: 'a-real-looking-secret-of-sufficient-length',
  TOKEN_ENCRYPTION_KEY: KEY,
  PUBLIC_URL: 'https://sync.example.com/',
};

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives development defaults and lists the secrets it defaulted', () => {
    const config = loadConfig({});

    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.kommo.redirectUri).toBe('http://localhost:3000/api/kommo/oauth/callback');
    expect(config.defaultedSecrets).toEqual([
      'KOMMO_CLIENT_ID',
      'KOMMO_CLIENT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('accepts a complete production environment and trims the public URL', () => {
    const config = loadConfig(PRODUCTION);

    expect(config.publicUrl).toBe('https://sync.example.com');
    expect(config.encryption.current.key.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.encryption.current.id).toMatch(/^[0-9a-f]{8}$/);
    expect(config.defaultedSecrets).toEqual([]);
  });

  it('names a malformed variable without echoing its value', () => {
    const error = errorOf({ PORT: 'eighty' });

    expect(error.variable).toBe('PORT');
    expect(error.message).toMatch(/^PORT /);
    expect(error.message).not.toContain('eighty');
  });

  it('refuses missing secrets in production', () => {
    const error = errorOf({ ...PRODUCTION, KOMMO_CLIENT_SECRET: '' });

    expect(error.message).toBe('KOMMO_CLIENT_SECRET is required in production');
  });

  it('refuses placeholder secrets in production', () => {
    expect(errorOf({ ...PRODUCTION, KOMMO_CLIENT_ID: 'changeme' }).message).toBe(
      'KOMMO_CLIENT_ID is a placeholder',
    );
    expect(
      errorOf({ ...PRODUCTION, TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') }).message,
    ).toBe('TOKEN_ENCRYPTION_KEY is a placeholder');
  });

  it('refuses the published development defaults and change-me values in production', () => {
    expect(
      errorOf({ ...PRODUCTION, KOMMO_CLIENT_SECRET: 'development-client-secret-change-me' })
        .message,
    ).toBe('KOMMO_CLIENT_SECRET is a placeholder');
    expect(
      errorOf({ ...PRODUCTION, KOMMO_CLIENT_ID: '00000000-0000-4000-8000-000000000000' }).message,
    ).toBe('KOMMO_CLIENT_ID is a placeholder');
    expect(
      errorOf({ ...PRODUCTION, KOMMO_CLIENT_SECRET: 'change-me-change-me-change-me' }).message,
    ).toBe('KOMMO_CLIENT_SECRET is a placeholder');
  });

  it('rejects an encryption key of the wrong length', () => {
    const error = errorOf({ TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') });

    expect(error.variable).toBe('TOKEN_ENCRYPTION_KEY');
    expect(error.message).toContain('32 bytes');
  });

  it('rejects a DATABASE_URL that is not a postgres URL', () => {
    expect(errorOf({ DATABASE_URL: 'mysql://localhost/db' }).variable).toBe('DATABASE_URL');
  });
});
