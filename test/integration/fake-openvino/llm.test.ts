// The fake LLM (test/fixtures/fake-openvino/llm/openvino_model.xml), decoded greedily in a real child process
// the way the worker's benchmark does: tokens deterministic and equal on every device, a fresh infer request
// starting a fresh conversation, the configured decode rate honoured, and garbage-tokens' NPU disagreeing.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FAKE_LLM, removeTempDirs } from '../../helpers/fake-runtime.js';
import { killAllDrivers, runDriver, type DriverExit } from './run-driver.js';

const VOCAB = 151936;
const PROMPT = [151644, 872, 198, 3838, 374, 279, 6722, 315, 9625, 30];

// The fake's documented rule, replayed here: hash = (hash * 31 + token * 7 + position + 11) mod vocab per
// token fed, the next greedy token is the hash after the last one.
function expectedTokens(prompt: number[], count: number): number[] {
  let hash = 0;
  let position = 0;
  const feed = (token: number) => (hash = (hash * 31 + token * 7 + position++ + 11) % VOCAB);
  prompt.forEach(feed);
  const tokens = [hash];
  while (tokens.length < count) tokens.push(feed(tokens.at(-1)!));
  return tokens;
}

interface Run {
  tokens: number[];
  ttft_seconds: number;
  decode_seconds: number;
  logits_shape: number[];
}

const llmJob = (device: string, extra: Record<string, unknown> = {}) => ({
  action: 'llm',
  device,
  model: FAKE_LLM,
  prompt: PROMPT,
  max_new_tokens: 8,
  ...extra,
});

function runsOf(exit: DriverExit): Run[] {
  expect(exit.error, JSON.stringify(exit.error)).toBeUndefined();
  expect(exit.signal).toBeNull();
  return exit.result?.runs as Run[];
}

// Fast rates so the tests stay quick.
const FAST = { npu_tokens_per_second: 200, gpu_tokens_per_second: 200, cpu_tokens_per_second: 200, prefill_seconds: 0.01 };

afterEach(killAllDrivers);
afterAll(removeTempDirs);

describe('fake LLM', () => {
  it('decodes the same deterministic tokens on CPU, GPU and NPU, inferAsync and infer alike', async () => {
    const expected = expectedTokens(PROMPT, 8);
    const exits = await Promise.all([
      runDriver(llmJob('CPU'), { scenario: 'working', ...FAST }),
      runDriver(llmJob('GPU'), { scenario: 'working', ...FAST }),
      runDriver(llmJob('NPU', { config: { NPU_USE_NPUW: 'YES', NPUW_LLM: 'YES' } }), { scenario: 'working', ...FAST }),
      runDriver(llmJob('NPU', { sync: true }), { scenario: 'working', ...FAST }),
    ]);
    for (const exit of exits) {
      const [run] = runsOf(exit);
      expect(run!.tokens).toEqual(expected);
      expect(run!.logits_shape).toEqual([1, PROMPT.length, VOCAB]);
    }
  });

  it('starts every fresh infer request from an empty KV cache', async () => {
    const runs = runsOf(await runDriver(llmJob('CPU', { repetitions: 3 }), { scenario: 'working', ...FAST }));
    expect(runs.map((run) => run.tokens)).toEqual([0, 1, 2].map(() => expectedTokens(PROMPT, 8)));
  });

  it('refuses position_ids that do not continue the request KV cache', async () => {
    const exit = await runDriver(llmJob('CPU', { repetitions: 2, reuse_request: true }), { scenario: 'working', ...FAST });
    expect(exit.signal).toBeNull();
    expect(exit.error?.message).toMatch(/position_ids \[0,1,2,3,4,5,6,7,8,9\] do not continue this request's KV cache: it holds 17 tokens/);
    expect(exit.error?.message).toContain('fresh createInferRequest()');
  });

  it('honours the configured decode rate and prefill time (roughly)', async () => {
    const rate = 20;
    const exit = await runDriver(llmJob('CPU', { max_new_tokens: 11 }), { scenario: 'working', cpu_tokens_per_second: rate, prefill_seconds: 0.1 });
    const [run] = runsOf(exit);
    const measured = 10 / run!.decode_seconds;
    expect(measured).toBeGreaterThan(rate * 0.6);
    expect(measured).toBeLessThan(rate * 1.1);
    expect(run!.ttft_seconds).toBeGreaterThan(0.09);
    expect(run!.ttft_seconds).toBeLessThan(0.6);
  });

  it('uses each device rate: a slower NPU takes longer per token than CPU', async () => {
    // One after the other, and 100 ms against 20 ms a step, so a loaded host's own time per step stays small.
    const scenario = { scenario: 'working', npu_tokens_per_second: 10, cpu_tokens_per_second: 50, prefill_seconds: 0.01 };
    const npu = await runDriver(llmJob('NPU'), scenario);
    const cpu = await runDriver(llmJob('CPU'), scenario);
    const npuRate = 7 / runsOf(npu)[0]!.decode_seconds;
    const cpuRate = 7 / runsOf(cpu)[0]!.decode_seconds;
    expect(npuRate).toBeGreaterThan(10 * 0.6);
    expect(npuRate).toBeLessThan(10 * 1.1);
    expect(cpuRate).toBeGreaterThan(npuRate * 2);
  });

  it('garbage-tokens: NPU decodes fast but disagrees with CPU on every token; GPU agrees', async () => {
    const scenario = { scenario: 'garbage-tokens', ...FAST, npu_tokens_per_second: 50 };
    const [npu, cpu, gpu] = await Promise.all(['NPU', 'CPU', 'GPU'].map((device) => runDriver(llmJob(device, { max_new_tokens: 16 }), scenario)));
    const npuRun = runsOf(npu!)[0]!;
    const cpuTokens = runsOf(cpu!)[0]!.tokens;
    expect(cpuTokens).toEqual(expectedTokens(PROMPT, 16));
    expect(runsOf(gpu!)[0]!.tokens).toEqual(cpuTokens);
    const agreeing = npuRun.tokens.filter((token, i) => token === cpuTokens[i]).length;
    expect(agreeing).toBe(0);
    expect(new Set(npuRun.tokens).size).toBeGreaterThan(8); // not one stuck token
    // Fast: well above a broken-slow NPU, whatever the three concurrent drivers cost the host.
    expect(15 / npuRun.decode_seconds).toBeGreaterThan(50 * 0.4);
  });

  it('crashes the NPU LLM compile like any other in fedora43', async () => {
    const exit = await runDriver(llmJob('NPU'), { scenario: 'fedora43' });
    expect(exit.signal).toBe('SIGABRT');
    expect(exit.lastStage).toBe('benchmark_compile');
  });
});
