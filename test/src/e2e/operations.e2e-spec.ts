import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../../backend/src/config/app-config';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

/** No Docker engine runs here, so the compose file is checked against the config schema instead. */
describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
  const { postgres, backend } = compose.services;
  // Compose substitutes ${VAR:?message} and ${VAR:-default}; model that with sample values.
  const substitute = (value: string) =>
    value.replace(/\$\{(\w+)(?::[?-]([^}]*))?\}/g, (_all, name: string, fallback?: string) => {
      const samples: Record<string, string> = {
        PUBLIC_URL: 'https://sync.example.com',
        KOMMO_CLIENT_ID: '5b1f0c7e-93c1-4a52-9d7e-2f6b0a1c9e11',
        KOMMO_CLIENT_SECRET: 'an-operator-provided-secret-value',
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      };

      return samples[name] ?? (fallback?.startsWith(' ') ? '' : (fallback ?? ''));
    });

  it('has exactly the postgres and backend services, the backend built from its Dockerfile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['backend', 'postgres']);
    expect(backend.build).toEqual({ context: '.', dockerfile: 'backend/Dockerfile' });
    expect(backend.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(readFileSync(path.join(ROOT, 'backend/Dockerfile'), 'utf8')).toContain(
      'CMD ["node", "backend/dist/main.js"]',
    );
  });

  it('sets only variables the config schema knows', () => {
    const unknown = Object.keys(backend.environment!).filter((k) => !CONFIG_VARIABLES.includes(k));

    expect(unknown).toEqual([]);
  });

  it('publishes the port the backend listens on', () => {
    const port = backend.environment!.PORT;

    expect(backend.ports).toEqual([`${port}:${port}`]);
  });

  it('points DATABASE_URL at the postgres service with its credentials', () => {
    const url = new URL(substitute(backend.environment!.DATABASE_URL));
    const env = postgres.environment!;

    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(env.POSTGRES_USER);
    expect(url.password).toBe(substitute(env.POSTGRES_PASSWORD));
    expect(url.pathname).toBe(`/${env.POSTGRES_DB}`);
  });

  it('yields a configuration production accepts once the operator sets the secrets', () => {
    const env = Object.fromEntries(
      Object.entries(backend.environment!).map(([key, value]) => [key, substitute(value)]),
    );
    const config = loadConfig(env);

    expect(config.env).toBe('production');
    expect(config.port).toBe(3000);
    expect(config.defaultedSecrets).toEqual([]);
  });
});

describe('configuration documentation', () => {
  it('.env.example lists every variable, and only those', () => {
    const keys = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0]);

    expect(keys.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('the README configuration table lists every variable', () => {
    const readme = read('README.md');
    const missing = CONFIG_VARIABLES.filter((name) => !readme.includes(`| \`${name}\``));

    expect(missing).toEqual([]);
  });
});
