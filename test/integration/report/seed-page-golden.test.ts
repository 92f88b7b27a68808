import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/log.js';
import { runtimesFrom } from '../../../src/canary/runtimes.js';
import { workerPath } from '../../../src/canary/worker-path.js';
import { pageFromPass } from '../../../src/report/page/page-from-pass.js';
import { readHostIdentity } from '../../../src/report/page/host-identity.js';
import { renderPageMarkdown } from '../../../src/report/page/render-markdown.js';
import { createResultsKeeper } from '../../../src/report/page/results-history.js';
import { createStatusTracker } from '../../../src/status/status-tracker.js';
import { emptyStatusStore } from '../../../src/status/store.js';
import type { StatusStoreData } from '../../../src/status/store-schema.js';
import { createHostWatcher } from '../../../src/watch/host-watcher.js';
import { createHostProbeRunner } from '../../../src/watch/probe-setup.js';
import { observationsFrom } from '../../../src/watch/status-reporting.js';
import { writeFixtureConfig } from '../../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario, tempDir, removeTempDirs } from '../../helpers/fake-runtime.js';
import { landRpmUpdate, materializeHost, type MaterializedHost } from '../../helpers/host-fixture.js';

const GOLDEN = path.resolve(import.meta.dirname, '../../fixtures/golden/status-page-fedora43.md');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

// The seed laptop (test/fixtures/hosts/fedora43-lunarlake) through its story: the seed's crash on the first check
// (fake scenario fedora43, 2025-11-23 as in the seed), then intel-npu-driver 1.17.0 lands and the NPU works
// (2025-11-30). The probes, the canary workers and the status machine are the real ones, wired as the daemon wires
// them; only the clock is fixed, so the page is the same on every run.
describe('the status page of the seed laptop after crash → driver update → working', () => {
  let host: MaterializedHost;
  let markdown: string;
  const savedPath = process.env.PATH;
  const savedScenario = process.env.NPU_WATCH_FAKE_SCENARIO;

  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    const configFile = await writeFixtureConfig(host.paths, `${fakeRuntimeToml({ devices: ['NPU', 'CPU'] })}\n[status]\nfailures_to_broken = 1\n`);
    const config = loadConfig(configFile, {});
    const scenario = await fakeScenario('fedora43');
    process.env.PATH = `${host.bin}:${savedPath}`;
    process.env.NPU_WATCH_FAKE_SCENARIO = scenario.env.NPU_WATCH_FAKE_SCENARIO;
    let now = Date.parse('2025-11-23T08:00:00Z');
    const clock = { now: () => now, monotonic: () => performance.now() };
    const log = createLogger({ level: 'silent', env: {}, destination: { write: () => true } });
    let stored: StatusStoreData = emptyStatusStore(1);
    const tracker = createStatusTracker({
      dir: '/nonexistent',
      policy: { passes_to_working: 1, failures_to_broken: 1, expected_tokens_per_second: {} },
      capacity: 100,
      log,
      clock,
      store: { load: () => stored, save: (_dir, data) => void (stored = data) },
    });
    const results = createResultsKeeper(tempDir(), 100, log);
    const signal = new AbortController().signal;
    const watcher = createHostWatcher({
      runProbe: createHostProbeRunner(config, log, clock, signal),
      log,
      clock,
      canary: { config, workerPath: workerPath(), signal, runtimes: runtimesFrom(config.runtimes ?? []) },
      onComponentsChanged: (changes) => tracker.componentsChanged(changes),
      onCanaryPass: (verdicts, at, inventory) => {
        tracker.observe(observationsFrom(verdicts, at, inventory));
        results.record(verdicts, at);
      },
    });
    const pass = async () => {
      await watcher.runHostProbes();
      await watcher.runUpdates();
      await watcher.runCanaries({ devices: ['NPU', 'CPU'], benchmark: false });
    };
    await pass();
    // A week later the driver update lands; the runtime now works with it.
    now = Date.parse('2025-11-30T09:00:00Z');
    await fsp.writeFile(scenario.file, JSON.stringify({ scenario: 'working' }));
    await landRpmUpdate(host, 'intel-npu-driver', '1.17.0', '1.fc43');
    await pass();
    now = Date.parse('2025-11-30T09:05:00Z');
    const page = pageFromPass(watcher.pass, {
      devices: ['NPU', 'CPU'],
      version: '0.0.0-test',
      now: new Date(now),
      expected_tokens_per_second: {},
      status: { devices: tracker.devices(), events: tracker.events.since(0) },
      host: await readHostIdentity(host.paths),
      results: results.records(),
      next_check: new Date('2025-12-07T09:00:00Z'),
    });
    markdown = renderPageMarkdown(page);
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    if (savedScenario === undefined) delete process.env.NPU_WATCH_FAKE_SCENARIO;
    else process.env.NPU_WATCH_FAKE_SCENARIO = savedScenario;
    await host?.cleanup();
    removeTempDirs();
  });

  it('says when it broke and with which driver, and since when and after which update it works', () => {
    expect(markdown).toContain('- NPU (openvino-node) broken since 2025-11-23 08:00 UTC with intel-npu-driver 1.16.0-1.fc44 (compile\\_crash: ZE\\_RESULT\\_ERROR\\_UNKNOWN 0x7ffffffe ');
    expect(markdown).toContain('- NPU (openvino-node) working since 2025-11-30 09:00 UTC after the update to intel-npu-driver 1.17.0-1.fc43');
  });

  it('is the golden page (UPDATE_GOLDEN=1 rewrites it)', () => {
    if (UPDATE) fs.writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(fs.readFileSync(GOLDEN, 'utf8'));
  });

  it("is the README's example page, word for word", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`\`markdown\n${markdown}\`\`\`\`\n`);
  });
});
