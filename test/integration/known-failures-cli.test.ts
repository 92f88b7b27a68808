// Every knowledge-base entry through the real CLI: `check --json` on a fixture host whose fake runtime (scenario
// `replay`) or journal stand-in replays the entry's verbatim fixture gives that entry's diagnosis and its source.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_FAILURES } from '../../src/diagnosis/known-failures/index.js';
import { isTextKnownFailure, type KnownFailure } from '../../src/diagnosis/known-failures/known-failure.js';
import type { CheckReport } from '../../src/report/check-report.js';
import { runCli, writeFixtureConfig } from '../helpers/cli.js';
import { fakeRuntimeToml, fakeScenario, tempDir, removeTempDirs } from '../helpers/fake-runtime.js';
import { commandsWith, materializeHost, type MaterializedHost } from '../helpers/host-fixture.js';
import { knownFailureFixturePath, readKnownFailureFixture } from '../helpers/known-failure-fixture.js';
import { journalMessage, journalRecords, oneShotJournal } from '../helpers/kernel-journal.js';
import { SEED_CRASH_STDERR_LINES } from '../fixtures/fake-openvino/messages.mjs';

// Entries recognised from the facts alone (no text to replay), and how the fixture host meets them: a fake-runtime
// scenario ('device-missing': OpenVINO does not list the NPU; 'garbage-tokens': the NPU's LLM tokens disagree with
// the CPU's, so the benchmark runs), and the packages the host's rpm must not have.
const MADE_BY_SCENARIO: Record<string, { scenario: 'device-missing' | 'garbage-tokens'; without?: string[] }> = {
  'npu-not-listed-without-level-zero-loader': { scenario: 'device-missing', without: ['oneapi-level-zero'] },
  'npu-not-listed-without-npu-user-mode-driver': { scenario: 'device-missing', without: ['intel-npu-driver'] },
  'npu-llm-garbage-on-one-generation': { scenario: 'garbage-tokens' },
};

// Entries that cannot be met end to end here, each with the reason. A new entry recognised from the facts either
// runs end to end (MADE_BY_SCENARIO) or is listed here: the first test below fails for one in neither list. Entries
// recognised by their text (with or without a `when`) always run: the replay meets their text, and their `when`
// must hold on the fixture host as it does on a user's machine.
const NOT_END_TO_END: Record<string, string> = {
  // Its fixture holds the kernel's format strings (intel/linux-npu-driver#87 quotes no log), and the host's kernel-log
  // reader rightly keeps only intel_vpu/ivpu log lines (src/probes/kernel/npu-kernel-line.ts NPU_LINE), not C source.
  'npu-recovery-after-hang': "its fixture is the kernel's format strings, not a captured log line the journal stand-in could replay",
  // Its fixture is OpenVINO's source line (openvinotoolkit/openvino#36374 quotes no output); the fake's fedora43 scenario
  // meets the real message when NPU_COMPILER_TYPE=PLUGIN is forced (test/integration/fake-openvino/scenarios.test.ts).
  'npu-plugin-compiler-library-missing': "its fixture is OpenVINO's source line, not a captured message the fake could replay as one",
};

let host: MaterializedHost;
let plainConfig: string;
let benchmarkConfig: string;
beforeAll(async () => {
  host = await materializeHost('fedora43-lunarlake');
  plainConfig = await writeFixtureConfig(host.paths, fakeRuntimeToml());
  benchmarkConfig = await writeFixtureConfig(host.paths, fakeRuntimeToml({ benchmark: true }));
});
afterAll(async () => {
  removeTempDirs();
  await host.cleanup();
});

// A bin directory whose journalctl prints the host's captured kernel log followed by `lines` (the fixture's, as the
// journal's MESSAGEs: without dmesg's or journalctl's prefix), as the journal's JSON records logged a minute ago.
async function journalWith(lines: string[]): Promise<string> {
  return oneShotJournal(host, journalRecords(lines.map(journalMessage), Date.now() - 60_000));
}

// One `check --json` on the fixture host with the fake runtime replaying `replayFile`.
async function checkReplaying(replayFile: string, options: { device: 'NPU' | 'GPU'; benchmark: boolean; bin?: string }): Promise<CheckReport> {
  const { env } = await fakeScenario('replay', { replay_file: replayFile, replay_device: options.device, prefill_seconds: 0, cpu_tokens_per_second: 1000, npu_tokens_per_second: 1000, gpu_tokens_per_second: 1000 });
  const args = ['check', '--json', '--config', options.benchmark ? benchmarkConfig : plainConfig, '--device', options.device, '--device', 'CPU'];
  if (!options.benchmark) args.push('--no-benchmark');
  const result = await runCli(args, { bin: options.bin ?? host.bin, env });
  expect(result.stderr, 'check wrote to stderr').toBe('');
  return JSON.parse(result.stdout) as CheckReport;
}

// A bin directory whose rpm answers the inventory's query as the host's does, without `packages`.
async function rpmWithout(packages: string[]): Promise<string> {
  const names = packages.map((name) => name.replace(/[^a-z0-9-]/g, '')).join('|');
  return commandsWith(host, 'rpm', `#!/bin/sh\n'${host.bin}/rpm' "$@" | grep -v -E '^(${names})\t'\nexit 8\n`);
}

async function checkMeeting(failure: KnownFailure): Promise<CheckReport> {
  const device = failure.devices === 'gpu' ? 'GPU' : 'NPU';
  if (!isTextKnownFailure(failure)) {
    const made = MADE_BY_SCENARIO[failure.id]!;
    const { env } = await fakeScenario(made.scenario, { prefill_seconds: 0, cpu_tokens_per_second: 1000, npu_tokens_per_second: 1000, gpu_tokens_per_second: 1000 });
    const benchmark = made.scenario === 'garbage-tokens';
    const args = ['check', '--json', '--config', benchmark ? benchmarkConfig : plainConfig, '--device', device, '--device', 'CPU', ...(benchmark ? [] : ['--no-benchmark'])];
    const result = await runCli(args, { bin: made.without ? await rpmWithout(made.without) : host.bin, env });
    expect(result.stderr, 'check wrote to stderr').toBe('');
    return JSON.parse(result.stdout) as CheckReport;
  }
  const fixture = readKnownFailureFixture(failure.id);
  return checkReplaying(knownFailureFixturePath(failure.id), {
    device,
    benchmark: fixture.where === 'benchmark',
    bin: fixture.where === 'kernel' ? await journalWith(fixture.lines) : undefined,
  });
}

describe('check --json on a host meeting each known failure', () => {
  it('runs every entry end to end, or names why not', () => {
    const ids = new Set(KNOWN_FAILURES.map((failure) => failure.id));
    for (const id of [...Object.keys(MADE_BY_SCENARIO), ...Object.keys(NOT_END_TO_END)]) {
      expect(ids.has(id), `${id} is listed in known-failures-cli.test.ts but is no entry of KNOWN_FAILURES`).toBe(true);
    }
    const escaped = KNOWN_FAILURES.filter((f) => !isTextKnownFailure(f) && !(f.id in MADE_BY_SCENARIO) && !(f.id in NOT_END_TO_END)).map((f) => f.id);
    expect(escaped, 'entries recognised from the facts: make the fixture host meet them (MADE_BY_SCENARIO) or say why not (NOT_END_TO_END)').toEqual([]);
  });

  for (const failure of KNOWN_FAILURES.filter((f) => !(f.id in NOT_END_TO_END))) {
    it(`${failure.id}: diagnosed with its source`, async () => {
      const report = await checkMeeting(failure);
      const found = report.diagnosis.find((d) => d.id === failure.id);
      expect(found, `${failure.id} not diagnosed; got ${report.diagnosis.map((d) => d.id).join(', ') || 'nothing'}`).toBeDefined();
      expect(found!.see).toEqual([failure.source]);
      expect(found!.summary).toContain('matches a known failure');
    });
  }
});

describe('the replay scenario through the CLI', () => {
  it("replays the seed's crash as a native abort: the same compile_crash as fedora43, and the NPU driver's finding", async () => {
    const file = path.join(tempDir(), 'seed.txt');
    const header = 'source: test/fixtures/seed/status-page.txt (the user\'s own report, "Warnings During Compilation" and "Crash Log")\npost: the status page\nwhere: canary\nreplay: abort\n';
    fs.writeFileSync(file, `${header}---\n${SEED_CRASH_STDERR_LINES.join('\n')}\n`);
    const report = await checkReplaying(file, { device: 'NPU', benchmark: false });
    const npu = report.devices.find((d) => d.device === 'NPU')!;
    expect(npu.canary).toMatchObject({ result: 'compile_crash', stage: 'compile', signal: 'SIGABRT', compiler_warnings: 8 });
    expect(npu.canary!.signature).toBe('ZE_RESULT_ERROR_UNKNOWN 0x7ffffffe ze_graph_ext_wrappers.cpp:362 assert(__p != nullptr)');
    expect(report.diagnosis.map((d) => d.id)).toEqual(['npu-driver-compiler-fails', 'npu-compiler-version-mismatch']);
  });
});
