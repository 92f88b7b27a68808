import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// The fake OpenVINO runtime (same API as openvino-node) and its stand-in LLM.
export const FAKE_RUNTIME = path.resolve(import.meta.dirname, '../fixtures/fake-openvino/index.mjs');
export const FAKE_LLM = path.resolve(import.meta.dirname, '../fixtures/fake-openvino/llm/openvino_model.xml');

// Writes a scenario file and returns the environment that points the fake runtime at it.
export async function fakeScenario(scenario: string, params: Record<string, unknown> = {}): Promise<{ file: string; env: Record<string, string> }> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-scenario-'));
  const file = path.join(dir, 'scenario.json');
  await fsp.writeFile(file, JSON.stringify({ scenario, ...params }));
  await fsp.chmod(dir, 0o755);
  return { file, env: { NPU_WATCH_FAKE_SCENARIO: file } };
}

// Config lines that make the canary use the fake runtime, with short limits for hang tests.
export function fakeRuntimeToml(options: { benchmark?: boolean; stageTimeout?: number; devices?: string[]; module?: string } = {}): string {
  const benchmark = options.benchmark
    ? `\n[benchmark]\nmodel_path = "${FAKE_LLM}"\nmax_new_tokens = 24\nrepetitions = 2\ncache = false\n`
    : '';
  const devices = options.devices ? `devices = ${JSON.stringify(options.devices)}\n` : '';
  return `\n${fakeRuntimesToml([{ name: 'openvino-node', module: options.module ?? FAKE_RUNTIME }])}\n[canary]\ntimeout_seconds = 60\nstage_timeout_seconds = ${options.stageTimeout ?? 30}\nkill_grace_seconds = 1\n${devices}${benchmark}`;
}

// [[runtimes]] tables: node runtimes by name and module, python runtimes by name and interpreter.
export function fakeRuntimesToml(runtimes: ({ name: string; module: string } | { name: string; interpreter: string })[]): string {
  return runtimes
    .map((r) =>
      'module' in r
        ? `[[runtimes]]\nname = "${r.name}"\nkind = "node"\nmodule = "${r.module}"\n`
        : `[[runtimes]]\nname = "${r.name}"\nkind = "python"\ninterpreter = "${r.interpreter}"\n`,
    )
    .join('\n');
}

// The fake runtime's directory: a copy of it is a side-by-side install of its own.
const FAKE_DIR = path.dirname(FAKE_RUNTIME);

// Installs a copy of the fake runtime in `dir` with its own scenario file beside index.mjs (the fake reads that
// file instead of NPU_WATCH_FAKE_SCENARIO; fake-openvino/README.md), and returns the copy's index.mjs: a runtime
// that behaves as `scenario` whatever the environment, like a real install of another OpenVINO version.
export async function installFakeRuntime(dir: string, scenario: string, params: Record<string, unknown> = {}): Promise<string> {
  await fsp.mkdir(dir, { recursive: true });
  for (const name of await fsp.readdir(FAKE_DIR)) {
    if (/\.(mjs|d\.mts)$/.test(name)) await fsp.copyFile(path.join(FAKE_DIR, name), path.join(dir, name));
  }
  await fsp.writeFile(path.join(dir, 'npu-watch-fake-scenario.json'), JSON.stringify({ scenario, ...params }));
  return path.join(dir, 'index.mjs');
}

const tempDirs: string[] = [];

// A fresh temporary directory, removed by removeTempDirs().
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-fake-openvino-'));
  tempDirs.push(dir);
  return dir;
}

// A scenario file for NPU_WATCH_FAKE_SCENARIO in a fresh temporary directory (for tests that set it in-process).
export function scenarioFile(scenario: Record<string, unknown>): string {
  const file = path.join(tempDir(), 'scenario.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  return file;
}

// Removes every temporary directory made by tempDir() / scenarioFile().
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
