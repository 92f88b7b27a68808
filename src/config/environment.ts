import os from 'node:os';
import path from 'node:path';
import type { ConfigFile } from './schema.js';

export const DEFAULT_CONFIG_FILE = '/etc/npu-watch/config.toml';

// The effective configuration: the schema's output, with the values that depend on the environment resolved.
export type Config = Omit<ConfigFile, 'benchmark' | 'state'> & {
  // Where it came from: a file path, or null for built-in defaults.
  source: string | null;
  // cache_dir: OpenVINO CACHE_DIR for the benchmark's compile; null when [benchmark] cache = false.
  benchmark: Omit<ConfigFile['benchmark'], 'cache'> & { cache_dir: string | null };
  state: { dir: string };
};

// The step after parsing: fills in what depends on the environment (systemd's directories, XDG homes).
export function resolveEnvironment(file: ConfigFile, source: string | null, env: NodeJS.ProcessEnv): Config {
  const { cache, ...benchmark } = file.benchmark;
  return {
    ...file,
    source,
    benchmark: { ...benchmark, cache_dir: cache ? defaultCacheDir(env) : null },
    state: { dir: file.state.dir ?? defaultStateDir(env) },
  };
}

// State goes where systemd's StateDirectory= says (systemd.exec(5), $STATE_DIRECTORY; the first when several),
// else under the user's XDG state home (XDG Base Directory Specification, $XDG_STATE_HOME).
function defaultStateDir(env: NodeJS.ProcessEnv): string {
  const fromSystemd = env.STATE_DIRECTORY?.split(':')[0];
  if (fromSystemd) return fromSystemd;
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'npu-watch');
}

// OpenVINO's model cache for the benchmark: systemd's CacheDirectory= ($CACHE_DIRECTORY), else the user's
// XDG cache home ($XDG_CACHE_HOME).
function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(cacheRoot(env), 'openvino');
}

// npu-watch's cache directory: systemd's CacheDirectory= ($CACHE_DIRECTORY, the first when several), else
// $XDG_CACHE_HOME/npu-watch (~/.cache/npu-watch). The benchmark's model cache and try-openvino's environments live
// under it, so they belong to the user that runs npu-watch.
export function cacheRoot(env: NodeJS.ProcessEnv): string {
  const fromSystemd = env.CACHE_DIRECTORY?.split(':')[0];
  if (fromSystemd) return fromSystemd;
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'npu-watch');
}
