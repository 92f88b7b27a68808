import fsp from 'node:fs/promises';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageModel } from '../../../src/report/page/page-model.js';
import { probePage, screenshot } from '../../helpers/chromium.js';
import { REPO, runCli, startDaemon, writeFixtureConfig, type RunningDaemon } from '../../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario, removeTempDirs, tempDir } from '../../helpers/fake-runtime.js';
import { landRpmUpdate, materializeHost, writeRpmDatabase, type MaterializedHost } from '../../helpers/host-fixture.js';

// Every schedule set so it does not come round during the test: the first pass at start-up and the change watch run
// the canaries.
const NEVER = '0 0 1 1 *';
const DATE = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC`;

// The seed laptop under the real daemon: the seed's crash, then the driver update lands and the NPU works; `npu-watch
// report` renders the daemon's page, and the HTML page is opened in a real headless Chromium.
describe('npu-watch report from the daemon, seed crash → driver update → working', () => {
  let host: MaterializedHost;
  let daemon: RunningDaemon;
  let config: string;
  let dir: string;

  const page = async (): Promise<PageModel> => (await (await fetch(`${daemon.url}/page.json`)).json()) as PageModel;
  const npuState = async (state: string) => {
    for (;;) {
      const current = await page();
      if (current.devices.find((d) => d.device === 'NPU')?.state === state) return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    host = await materializeHost('fedora43-lunarlake');
    dir = tempDir();
    config = await writeFixtureConfig(
      host.paths,
      `${fakeRuntimeToml({ devices: ['NPU', 'CPU'], benchmark: true })}
[schedule]
probes = "${NEVER}"
canary = "${NEVER}"
updates = "${NEVER}"

[watch]
debounce_seconds = 0.5

[status]
failures_to_broken = 1

[http]
listen = "127.0.0.1:0"
`,
    );
    // The fake's LLM work advances the fixture's RAPL package energy (power_sysfs), so the page has watts to show.
    const power = { power_sysfs: host.paths.sysfs };
    const scenario = await fakeScenario('fedora43', power);
    await writeRpmDatabase(host);
    daemon = await startDaemon(config, { bin: host.bin, env: scenario.env });
    await npuState('broken');
    await fsp.writeFile(scenario.file, JSON.stringify({ scenario: 'working', ...power }));
    await landRpmUpdate(host, 'intel-npu-driver', '1.17.0', '1.fc43');
    await npuState('working');
  }, 180_000);
  afterAll(async () => {
    await daemon?.stop();
    await host?.cleanup();
    removeTempDirs();
  });

  it('prints the Markdown page: what works, the history with the versions at each change, the measured figures', async () => {
    const result = await runCli(['report', '--config', config, '--url', daemon.url]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const markdown = result.stdout;
    expect(markdown).toMatch(new RegExp(`^- NPU \\(openvino-node\\) broken since ${DATE} with intel-npu-driver 1\\.16\\.0-1\\.fc44 \\(compile\\\\_crash: ZE\\\\_RESULT\\\\_ERROR\\\\_UNKNOWN 0x7ffffffe`, 'm'));
    expect(markdown).toMatch(new RegExp(`^- NPU \\(openvino-node\\) working since ${DATE} after the update to intel-npu-driver 1\\.17\\.0-1\\.fc43$`, 'm'));
    expect(markdown).toMatch(/^### NPU: ✓ works/m);
    expect(markdown).toContain('> Test data:');
    // Figures only from runs that benchmarked, each with its runtime (labelled a test result) and date.
    expect(markdown).toMatch(new RegExp(`^\\| NPU \\| openvino-node [^|]+ \\(test result, not a measurement\\) \\| [^|]+ \\| \\d+\\.\\d \\| \\d+\\.\\d\\d s \\| [^|]+ \\| [^|]+ \\| ${DATE} \\|$`, 'm'));
    // The canary's schedule (never, in effect: 1 January, in the machine's time zone) gives the next check.
    expect(markdown).toMatch(new RegExp(`^\\*\\*Next check:\\*\\* ${DATE}$`, 'm'));
  });

  it('serves the HTML page at /, refreshing itself and linking /metrics, /status and /events', async () => {
    const response = await fetch(`${daemon.url}/`);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    for (const link of ['/metrics', '/status', '/events']) expect(html).toContain(`href="${link}"`);
    expect(html).toContain('NPU (openvino-node) working since');
  });

  describe('the HTML page written with --output', () => {
    let html: string;
    let file: string;
    beforeAll(async () => {
      file = path.join(dir, 'status.html');
      const result = await runCli(['report', '--config', config, '--url', daemon.url, '--format', 'html', '--output', file]);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('');
      html = await fsp.readFile(file, 'utf8');
    });

    it('is valid HTML (html-validate, recommended rules)', async () => {
      const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
      expect(report.valid).toBe(true);
    });

    it('asks for nothing outside itself: no script, stylesheet, image or font reference', () => {
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|\bsrc=|url\(|@import/i);
      // Its only links are the diagnosis' sources, which a reader may follow.
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
      expect(hrefs.filter((href) => !/^https:\/\//.test(href ?? ''))).toEqual([]);
    });

    it('in Chromium: a screenshot of the requested size, charts with data, nothing wider than a narrow window, no request', async () => {
      const png = path.join(dir, 'status.png');
      expect(await screenshot(file, png, 1024, 1400)).toEqual({ width: 1024, height: 1400 });
      // UPDATE_SCREENSHOT=1 keeps this run's page as the README's picture.
      if (process.env.UPDATE_SCREENSHOT === '1') await screenshot(file, path.join(REPO, 'docs/status-page.png'), 900, 2760, 0.75);
      // 500: the narrowest window headless Chromium lays out.
      for (const width of [500, 1280]) {
        const probe = await probePage(html, dir, width);
        expect(probe.innerWidth).toBe(width);
        expect(probe.scrollWidth).toBeLessThanOrEqual(width);
        expect(probe.charts).toHaveLength(2);
        for (const chart of probe.charts) {
          expect(chart.points).toBeGreaterThanOrEqual(3);
          expect(chart.width).toBeGreaterThan(200);
        }
        expect(probe.resources).toEqual([]);
      }
    });
  });
});
