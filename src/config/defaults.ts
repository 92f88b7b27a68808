import os from 'node:os';
import path from 'node:path';
import { defaultHostPaths } from '../host/paths.js';

// 9100-9999 is fully allocated among Prometheus exporters, so npu-watch listens above it.
export const DEFAULT_PORT = 10461;
export const DEFAULT_CONFIG_FILE = '/etc/npu-watch/config.toml';

// State goes where systemd's StateDirectory= says, else under the user's XDG state home.
export function defaultStateDir(env: NodeJS.ProcessEnv): string {
  const fromSystemd = env.STATE_DIRECTORY?.split(':')[0];
  if (fromSystemd) return fromSystemd;
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'npu-watch');
}

// OpenVINO's model cache for the benchmark: systemd's CacheDirectory=, else the user's XDG cache home.
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const fromSystemd = env.CACHE_DIRECTORY?.split(':')[0];
  if (fromSystemd) return path.join(fromSystemd, 'openvino');
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'npu-watch', 'openvino');
}

// A fixed prompt as token ids (no tokenizer needed): 32 ids valid in any vocabulary of 32k+ entries.
export const DEFAULT_PROMPT_TOKEN_IDS = [
  791, 4062, 14198, 39935, 35308, 927, 279, 16053, 5679, 13, 578, 39935, 35308, 927, 279, 16053, 5679, 1578, 13, 3639,
  1587, 279, 16053, 5679, 656, 30, 1102, 374, 21811, 323, 4832, 13,
];

export const builtInDefaults = {
  paths: defaultHostPaths,
  runtime: { module: 'openvino-node' },
  canary: { devices: ['NPU', 'CPU'], timeout_seconds: 300, stage_timeout_seconds: 180, kill_grace_seconds: 5 },
  benchmark: {
    model_path: null as string | null,
    prompt_token_ids: DEFAULT_PROMPT_TOKEN_IDS,
    max_new_tokens: 64,
    repetitions: 3,
    timeout_seconds: 1800,
    min_token_agreement: 0.9,
    cache: true,
    npu_max_prompt_len: 1024,
    npu_min_response_len: 128,
  },
  power: { battery_min_percent: 30, baseline_seconds: 2 },
  status: { passes_to_working: 1, failures_to_broken: 2, history: 100 },
  expected_tokens_per_second: {} as Record<string, [number, number]>,
  notify: { desktop: false, webhook_url: null as string | null, webhook_timeout_seconds: 5, webhook_retries: 3, min_interval_seconds: 300 },
  schedule: { probes: '*/5 * * * *', updates: '17 */6 * * *', canary: '7 * * * *' },
  http: { listen: { host: '127.0.0.1', port: DEFAULT_PORT } },
  log: { level: 'info' as const },
  commands: { timeout_seconds: 120 },
};
