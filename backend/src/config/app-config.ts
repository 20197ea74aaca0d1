import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/** Secrets that a development machine may run without; production refuses these. */
const DEV_DEFAULTS = {
  KOMMO_CLIENT_ID: '00000000-0000-4000-8000-000000000000',
  KOMMO_CLIENT_SECRET: 'development-client-secret-change-me',
  // 32 zero bytes: obviously not a secret, and refused in production.
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
} as const;

const PLACEHOLDER = /change-?me|placeholder|^secret$|^x{3,}$|^todo$|^<.*>$/i;
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const port = z.coerce.number().int().min(1).max(65535);
const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const encryptionKey = z.string().transform((value, ctx) => {
  const key = decodeKey(value);
  if (!key) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, base64 or hex encoded' });

    return z.NEVER;
  }

  return key;
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  EMBEDDED_PG_DIR: z.string().default(path.join(REPO_ROOT, '.data', 'postgres')),
  EMBEDDED_PG_PORT: port.default(54329),
  KOMMO_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  KOMMO_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  KOMMO_REDIRECT_URI: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  KOMMO_API_BASE_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  KOMMO_MAX_RPS: z.coerce.number().positive().max(7).default(6),
  KOMMO_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  HEAP_API_BASE_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  HEAP_TIMEOUT_MS: z.coerce.number().int().min(100).default(10000),
  TOKEN_ENCRYPTION_KEY: z.preprocess(emptyAsUndefined, encryptionKey.optional()),
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value) => value.split(',').map((part) => part.trim()))
      .pipe(z.array(encryptionKey))
      .default([]),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  APP_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  SYNC_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(5),
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(5).default(300),
  RECONCILE_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  WIDGET_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(httpUrl)),
});

/** Every variable the backend reads; the README, .env.example and docker-compose use these. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  embeddedPostgres: { dir: string; port: number };
  kommo: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    apiBaseUrl: string | undefined;
    maxRequestsPerSecond: number;
    timeoutMs: number;
  };
  heap: { apiBaseUrl: string | undefined; timeoutMs: number };
  encryption: { current: EncryptionKey; previous: EncryptionKey[] };
  logLevel: string;
  role: 'all' | 'web' | 'worker';
  workerConcurrency: number;
  jobs: { retryDelaySeconds: number; expireSeconds: number };
  /** Minutes between reconciliations of an installation; 0 turns the schedule off. */
  reconcileIntervalMinutes: number;
  /** Extra origins allowed to call the widget API besides Kommo accounts (local harness). */
  widgetOrigins: string[];
  /** Names of secrets that fell back to development defaults, for a warning at boot. */
  defaultedSecrets: string[];
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable} ${reason}`);
  }
}

/** Validates the environment once; the message names the variable and never echoes its value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');

    throw new ConfigError(variable, issue.message.replace(/^Invalid input: /, 'is invalid: '));
  }

  const values = parsed.data;
  const production = values.NODE_ENV === 'production';
  const defaultedSecrets: string[] = [];

  const secret = <K extends keyof typeof DEV_DEFAULTS>(name: K) => {
    const value = values[name];
    const missing = value === undefined;
    // The development defaults are published in this file, so they count as placeholders too.
    const placeholder =
      typeof value === 'string' &&
      (PLACEHOLDER.test(value.trim()) || value.trim() === DEV_DEFAULTS[name]);
    if (production && (missing || placeholder)) {
      throw new ConfigError(name, missing ? 'is required in production' : 'is a placeholder');
    }
    if (missing) defaultedSecrets.push(name);

    return value ?? DEV_DEFAULTS[name];
  };

  const clientId = secret('KOMMO_CLIENT_ID') as string;
  const clientSecret = secret('KOMMO_CLIENT_SECRET') as string;
  const rawKey = secret('TOKEN_ENCRYPTION_KEY');
  const key = typeof rawKey === 'string' ? decodeKey(rawKey)! : rawKey;
  if (production && key.equals(Buffer.alloc(32))) {
    throw new ConfigError('TOKEN_ENCRYPTION_KEY', 'is a placeholder');
  }

  const publicUrl = values.PUBLIC_URL ?? `http://localhost:${values.PORT}`;

  return {
    env: values.NODE_ENV,
    port: values.PORT,
    publicUrl,
    databaseUrl: values.DATABASE_URL,
    embeddedPostgres: { dir: path.resolve(values.EMBEDDED_PG_DIR), port: values.EMBEDDED_PG_PORT },
    kommo: {
      clientId,
      clientSecret,
      redirectUri: values.KOMMO_REDIRECT_URI ?? `${publicUrl}/api/kommo/oauth/callback`,
      apiBaseUrl: values.KOMMO_API_BASE_URL,
      maxRequestsPerSecond: values.KOMMO_MAX_RPS,
      timeoutMs: values.KOMMO_TIMEOUT_MS,
    },
    heap: { apiBaseUrl: values.HEAP_API_BASE_URL, timeoutMs: values.HEAP_TIMEOUT_MS },
    encryption: {
      current: keyWithId(key),
      previous: values.TOKEN_ENCRYPTION_PREVIOUS_KEYS.map(keyWithId),
    },
    logLevel: values.LOG_LEVEL,
    role: values.APP_ROLE,
    workerConcurrency: values.WORKER_CONCURRENCY,
    jobs: {
      retryDelaySeconds: values.SYNC_RETRY_DELAY_SECONDS,
      expireSeconds: values.JOB_EXPIRE_SECONDS,
    },
    reconcileIntervalMinutes: values.RECONCILE_INTERVAL_MINUTES,
    widgetOrigins: values.WIDGET_ALLOWED_ORIGINS,
    defaultedSecrets,
  };
}

function decodeKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  const candidates = [
    /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : undefined,
    Buffer.from(trimmed, 'base64'),
  ];

  return candidates.find((buffer) => buffer?.length === 32);
}

/** The key id is a fingerprint, so ciphertexts name their key without revealing it. */
function keyWithId(key: Buffer): EncryptionKey {
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}
