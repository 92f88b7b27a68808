import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { HostPaths } from '../../../../src/host/paths.js';
import type { AccelNode } from '../../../../src/probes/device/types.js';
import { deviceProbe } from '../../../../src/probes/device/device.js';
import { probeContextFor } from '../probe-context.js';

// Runs only when ../unprivileged-access.test.ts starts vitest as an unprivileged user (setpriv), passing the
// materialized host's roots and the node check it expects; in a normal run it is skipped.
const pathsJson = process.env.NPU_WATCH_UNPRIVILEGED_PATHS;
const expectedJson = process.env.NPU_WATCH_EXPECTED_NODE;

// Whether open(2) for read-write really succeeds for this process.
async function opensReadWrite(file: string): Promise<boolean> {
  try {
    await (await fs.open(file, 'r+')).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') return false;
    throw error;
  }
}

describe.skipIf(!pathsJson)('device probe as an unprivileged user', () => {
  it('is not root', () => {
    expect(process.getuid?.()).toBeGreaterThan(0);
    expect(process.geteuid?.()).toBeGreaterThan(0);
  });

  it('reports the accel node as the kernel decides access for this user', async () => {
    const paths = JSON.parse(pathsJson ?? '{}') as HostPaths;
    const expected = JSON.parse(expectedJson ?? '{}') as Partial<AccelNode>;
    const report = await deviceProbe.run(probeContextFor(paths).ctx);
    const node = report.npus[0]?.node;
    expect(node).toMatchObject(expected);
    expect(node?.accessible).toBe(await opensReadWrite(node?.path ?? ''));
  });
});
