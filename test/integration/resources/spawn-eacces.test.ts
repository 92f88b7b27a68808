import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/report/check-report.js';
import { runCli, writeFixtureConfig } from '../../helpers/cli.js';
import { commandsWith, materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

describe('a probe command that is not executable (spawn EACCES)', () => {
  let host: MaterializedHost;
  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
  });
  afterAll(async () => {
    await host?.cleanup();
  });

  it('is a failed probe that names the errno, not "exit null"', async () => {
    const bin = await commandsWith(host, 'rpm', '#!/bin/sh\nexit 0\n');
    fs.chmodSync(path.join(bin, 'rpm'), 0o644);
    const config = await writeFixtureConfig(host.paths, '\n[canary]\ndevices = ["CPU"]\n');
    const result = await runCli(['check', '--json', '--no-benchmark', '--config', config], { bin });
    const report = JSON.parse(result.stdout) as CheckReport;
    const inventory = report.probes.find((probe) => probe.probe === 'inventory');
    expect(inventory).toMatchObject({ success: false, error: expect.stringMatching(/^rpm -q .*: could not start: spawn rpm EACCES$/) });
    expect(result.stdout + result.stderr).not.toContain('exit null');
  });
});
