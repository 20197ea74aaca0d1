import { spawn } from 'node:child_process';
import path from 'node:path';

/** `pnpm demo` must keep passing: run its script as the quick start does (after the build). */
describe('the demo', () => {
  it('exits 0 with every check passed', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/demo.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect({ code, tail: output.slice(-1500) }).toMatchObject({ code: 0 });
    expect(output).toContain('Demo passed: Heap received exactly what it should.');
    expect(output).toMatch(/deal \d+ {2}synced {2}\(plan_changed:synced, won:synced\)/);
  }, 120000);
});
