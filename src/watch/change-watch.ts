import type { HostPaths } from '../host/paths.js';
import type { BasicLogger } from '../log.js';
import type { Inventory } from '../probes/inventory/types.js';
import { changeTargets, intelVpuModuleDir, type ChangeTarget } from './change-targets.js';
import { watchDirectory, type DirWatch, type WatchFn } from './dir-watch.js';
import { pollModuleDir, MODULE_POLL_MS } from './module-poll.js';

export interface ChangeWatchDeps {
  paths: HostPaths;
  // Changes that come within this long of each other are one change (a package transaction writes many times).
  debounceMs: number;
  log: BasicLogger;
  // Called once per debounced change, with what changed (e.g. ['rpm database']).
  onChange(sources: string[]): void;
  // The module poll's interval (tests shorten it).
  modulePollMs?: number;
  // fs.watch, or a stand-in (tests).
  watchFn?: WatchFn;
  // Where python3's openvino is installed (locatePythonOpenvino); absent: not watched.
  locatePythonOpenvino?: () => Promise<string | null>;
}

export interface ChangeWatch {
  // The firmware search path the last inventory found (the kernel's names for its directories).
  setFirmwareSearchPath(searchPath: readonly string[] | null): void;
  // After each inventory: its firmware search path, and where python3's openvino is (asked again only when
  // its version changed).
  followInventory(inventory: Inventory | null): Promise<void>;
  // The directories watched now, for the journal and tests.
  watched(): string[];
  close(): void;
}

// Watches what a driver, firmware or runtime update changes (package databases, the firmware directories, the
// intel_vpu module) and calls onChange once per burst of changes. A watch that fails (ENOSPC, EACCES) is logged
// once and left to the schedule, which stays the safety net either way.
export function startChangeWatch(deps: ChangeWatchDeps): ChangeWatch {
  const { log } = deps;
  const watches = new Map<string, { target: ChangeTarget; watch: DirWatch }>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const failed = new Set<string>();

  const changed = (source: string) => {
    if (closed) return;
    pending.add(source);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const sources = [...pending].sort();
      pending.clear();
      log.info({ event: 'host_changed', sources }, `changed: ${sources.join(', ')}; running the inventory now`);
      deps.onChange(sources);
    }, deps.debounceMs);
  };

  const failedOnce = (error: NodeJS.ErrnoException, dir: string) => {
    // ENOSPC is about the whole host (fs.inotify.max_user_watches): said once; anything else once per directory.
    const key = error.code === 'ENOSPC' ? 'ENOSPC' : `${error.code ?? 'error'} ${dir}`;
    if (failed.has(key)) return;
    failed.add(key);
    const why = error.code === 'ENOSPC' ? 'the inotify watch limit is reached (fs.inotify.max_user_watches)' : error.message;
    log.warn({ dir, code: error.code }, `cannot watch ${dir}: ${why}; changes there are seen at the next scheduled probe pass`);
  };

  const update = (targets: ChangeTarget[]) => {
    const wanted = new Map(targets.map((target) => [target.dir, target]));
    for (const [dir, { watch }] of watches) {
      if (!wanted.has(dir)) {
        watch.close();
        watches.delete(dir);
      }
    }
    for (const [dir, target] of wanted) {
      if (watches.has(dir)) continue;
      watches.set(dir, { target, watch: watchDirectory(target, { onChange: () => changed(target.source), onError: failedOnce }, deps.watchFn) });
    }
  };

  let searchPath: readonly string[] | null = null;
  let pythonOpenvino: string | null = null;
  // The openvino-python version the location was asked for ('' before the first inventory).
  let pythonVersion: string | null = '';
  const refresh = () => {
    if (!closed) update(changeTargets(deps.paths, searchPath, pythonOpenvino));
  };
  refresh();
  const moduleDir = intelVpuModuleDir(deps.paths);
  const modulePoll = pollModuleDir(moduleDir, () => changed('intel_vpu module'), deps.modulePollMs ?? MODULE_POLL_MS);
  log.debug({ dirs: [...watches.keys()], module: moduleDir }, 'watching for driver, firmware and package changes');

  return {
    setFirmwareSearchPath(found) {
      searchPath = found;
      refresh();
    },
    async followInventory(inventory) {
      if (inventory === null) return;
      searchPath = inventory.firmware?.searchPath ?? searchPath;
      const version = inventory.components.find((c) => c.component === 'openvino-python')?.version ?? null;
      if (version !== pythonVersion && deps.locatePythonOpenvino) {
        pythonVersion = version;
        pythonOpenvino = version === null ? null : await deps.locatePythonOpenvino().catch((error: unknown) => {
          log.debug({ err: error }, 'could not ask python3 where openvino is installed');
          return null;
        });
      }
      refresh();
    },
    watched: () => [...watches.keys()],
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      modulePoll.close();
      for (const { watch } of watches.values()) watch.close();
      watches.clear();
    },
  };
}
