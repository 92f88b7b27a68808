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

export const builtInDefaults = {
  paths: defaultHostPaths,
  runtime: { module: 'openvino-node' },
  canary: { devices: ['NPU', 'CPU'], timeout_seconds: 300 },
  schedule: { probes: '*/5 * * * *', updates: '17 */6 * * *', canary: '7 * * * *' },
  http: { listen: { host: '127.0.0.1', port: DEFAULT_PORT } },
  log: { level: 'info' as const },
  commands: { timeout_seconds: 120 },
};
