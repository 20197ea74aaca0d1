/**
 * Runs the emulators as processes: `tsx test/src/emulators/cli.ts [kommo|heap|both]`.
 * Ports and latency come from the environment; 0 or unset picks a free port.
 */
import { startHeapEmulator } from './heap';
import { startKommoEmulator } from './kommo';

const env = process.env;
const numberFrom = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number`);

  return value;
};

async function main() {
  const which = process.argv[2] ?? 'both';
  if (!['kommo', 'heap', 'both'].includes(which)) {
    throw new Error('Usage: cli.ts [kommo|heap|both]');
  }
  const host = env.EMULATOR_HOST ?? '127.0.0.1';
  const closers: Array<() => Promise<void>> = [];

  if (which !== 'heap') {
    const kommo = await startKommoEmulator({
      clientId: env.KOMMO_CLIENT_ID ?? 'emulator-client-id',
      clientSecret: env.KOMMO_CLIENT_SECRET ?? 'emulator-client-secret',
      redirectUri: env.KOMMO_REDIRECT_URI ?? 'http://localhost:3000/kommo/oauth/callback',
      rateLimitPerSecond: numberFrom('KOMMO_EMULATOR_RATE_LIMIT', 7),
      latencyMs: numberFrom('KOMMO_EMULATOR_LATENCY_MS', 0),
      port: numberFrom('KOMMO_EMULATOR_PORT', 0),
      host,
    });
    closers.push(kommo.close);
    console.log(`Kommo emulator: ${kommo.url}`);
    // KOMMO_EMULATOR_SEED_ACCOUNT=<id>:<subdomain> creates an account and prints a fresh code.
    const [seedId, seedSubdomain] = (env.KOMMO_EMULATOR_SEED_ACCOUNT ?? '').split(':');
    if (seedId && seedSubdomain) {
      kommo.addAccount({ id: Number(seedId), subdomain: seedSubdomain });
      console.log(
        `  account ${seedId} (${seedSubdomain}), code: ${kommo.issueAuthCode(Number(seedId))}`,
      );
    }
  }
  if (which !== 'kommo') {
    const knownAppIds = env.HEAP_KNOWN_APP_IDS?.split(',').filter(Boolean);
    const heap = await startHeapEmulator({
      latencyMs: numberFrom('HEAP_EMULATOR_LATENCY_MS', 0),
      port: numberFrom('HEAP_EMULATOR_PORT', 0),
      host,
      rejectUnknownAppIds: Boolean(knownAppIds?.length),
      knownAppIds,
    });
    closers.push(heap.close);
    console.log(`Heap emulator: ${heap.url}`);
  }

  const stop = async () => {
    await Promise.all(closers.map((close) => close()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
