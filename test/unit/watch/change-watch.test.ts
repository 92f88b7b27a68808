import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeTargets } from '../../../src/watch/change-targets.js';
import { startChangeWatch, type ChangeWatch } from '../../../src/watch/change-watch.js';
import { locatePythonOpenvino, PYTHON_OPENVINO_LOCATION } from '../../../src/watch/python-openvino-location.js';
import { captureLogger, hostPaths } from '../../helpers/probe-context.js';
import { waitUntil } from '../../helpers/wait.js';

// A host tree in a temp dir (nothing in it unless a test makes it) and a change watch over it that records
// each debounced change.
function watchedHost(debounceMs = 100) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-change-'));
  const paths = hostPaths(root);
  const { log, lines } = captureLogger();
  const changes: string[][] = [];
  const watch = startChangeWatch({ paths, debounceMs, log, onChange: (sources) => changes.push(sources), modulePollMs: 20 });
  const at = (...parts: string[]) => path.join(root, ...parts);
  return { root, paths, watch, changes, lines, at };
}

const started: Array<{ root: string; watch: ChangeWatch }> = [];
afterEach(() => {
  for (const { root, watch } of started.splice(0)) {
    watch.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
function host(debounceMs?: number) {
  const made = watchedHost(debounceMs);
  started.push(made);
  return made;
}

// Writes a file the way rpm and dpkg replace theirs: aside, then renamed over.
function replace(file: string, text: string) {
  fs.writeFileSync(`${file}.tmp-new`, text);
  fs.renameSync(`${file}.tmp-new`, file);
}

describe('changeTargets', () => {
  it('puts the package databases under the firmware root’s host prefix, and intel/vpu of each firmware dir', () => {
    const paths = hostPaths('/tmp/host');
    const targets = changeTargets(paths, ['/lib/firmware/updates/6.17.1', '/lib/firmware/updates', '/lib/firmware/6.17.1', '/lib/firmware']);
    expect(targets.map((t) => [t.source, t.dir])).toEqual([
      ['rpm database', '/tmp/host/var/lib/rpm'],
      ['rpm database', '/tmp/host/usr/lib/sysimage/rpm'],
      ['dpkg status', '/tmp/host/var/lib/dpkg'],
      ['firmware /lib/firmware/updates/6.17.1/intel/vpu', '/tmp/host/lib/firmware/updates/6.17.1/intel/vpu'],
      ['firmware /lib/firmware/updates/intel/vpu', '/tmp/host/lib/firmware/updates/intel/vpu'],
      ['firmware /lib/firmware/6.17.1/intel/vpu', '/tmp/host/lib/firmware/6.17.1/intel/vpu'],
      ['firmware /lib/firmware/intel/vpu', '/tmp/host/lib/firmware/intel/vpu'],
    ]);
  });

  it('reads the real host’s paths as they are under the default roots', () => {
    const targets = changeTargets({ sysfs: '/sys', procfs: '/proc', dev: '/dev', firmware: '/lib/firmware', etc: '/etc' }, ['/opt/fw', '/lib/firmware']);
    expect(targets.map((t) => t.dir)).toEqual(['/var/lib/rpm', '/usr/lib/sysimage/rpm', '/var/lib/dpkg', '/opt/fw/intel/vpu', '/lib/firmware/intel/vpu']);
  });
});

describe('startChangeWatch', () => {
  it('sees dpkg’s status file created under directories that did not exist, once', async () => {
    const { at, changes, lines } = host();
    fs.mkdirSync(at('var/lib/dpkg'), { recursive: true });
    replace(at('var/lib/dpkg/status'), 'Package: intel-npu-driver\n');
    await waitUntil(() => changes.length > 0);
    expect(changes[0]).toEqual(['dpkg status']);
    expect(lines.filter((line) => line.level === 40)).toEqual([]);
  });

  it('folds a burst of rpm database writes into one change', async () => {
    const { at, changes } = host(1_000);
    fs.mkdirSync(at('usr/lib/sysimage/rpm'), { recursive: true });
    await waitUntil(() => changes.length === 1);
    // Written in one turn of the event loop: all their events are read together, inside one debounce window.
    for (const name of ['rpmdb.sqlite-wal', 'rpmdb.sqlite', 'rpmdb.sqlite-wal']) replace(at('usr/lib/sysimage/rpm', name), 'x');
    await waitUntil(() => changes.length === 2);
    // The sentinel: a change elsewhere comes as a change of its own, and nothing came between.
    fs.mkdirSync(at('var/lib/dpkg'), { recursive: true });
    replace(at('var/lib/dpkg/status'), 'x');
    await waitUntil(() => changes.length === 3);
    expect(changes).toEqual([['rpm database'], ['rpm database'], ['dpkg status']]);
  });

  it('does not count what readers write: rpm’s -shm index and lock, dpkg’s other files', async () => {
    const { at, changes } = host();
    fs.mkdirSync(at('usr/lib/sysimage/rpm'), { recursive: true });
    fs.mkdirSync(at('var/lib/dpkg'), { recursive: true });
    await waitUntil(() => changes.length === 1);
    fs.writeFileSync(at('usr/lib/sysimage/rpm/rpmdb.sqlite-shm'), 'x');
    fs.writeFileSync(at('usr/lib/sysimage/rpm/.rpm.lock'), '');
    fs.writeFileSync(at('var/lib/dpkg/lock'), '');
    // The sentinel: a firmware file arriving afterwards is a change on its own.
    fs.mkdirSync(at('lib/firmware/intel/vpu'), { recursive: true });
    fs.writeFileSync(at('lib/firmware/intel/vpu/vpu_40xx_v1.bin'), 'x');
    await waitUntil(() => changes.length === 2);
    expect(changes[1]).toEqual(['firmware /lib/firmware/intel/vpu']);
  });

  it('follows the firmware search path the inventory found', async () => {
    const { at, watch, changes } = host();
    watch.setFirmwareSearchPath(['/lib/firmware/updates/6.17.1', '/lib/firmware']);
    expect(watch.watched()).toContain(at('lib/firmware/updates/6.17.1/intel/vpu'));
    fs.mkdirSync(at('lib/firmware/updates/6.17.1/intel/vpu'), { recursive: true });
    fs.writeFileSync(at('lib/firmware/updates/6.17.1/intel/vpu/vpu_40xx_v1.bin'), 'x');
    await waitUntil(() => changes.length > 0);
    expect(changes[0]).toEqual(['firmware /lib/firmware/updates/6.17.1/intel/vpu']);
  });

  it('sees the intel_vpu module go and come back', async () => {
    const { at, changes } = host(20);
    fs.mkdirSync(at('sys/module/intel_vpu'), { recursive: true });
    await waitUntil(() => changes.length === 1);
    fs.rmdirSync(at('sys/module/intel_vpu'));
    await waitUntil(() => changes.length === 2);
    expect(changes).toEqual([['intel_vpu module'], ['intel_vpu module']]);
  });

  it('says once that the inotify limit is reached, and then leaves those directories to the schedule', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-change-'));
    const { log, lines } = captureLogger();
    // What fs.watch throws when fs.inotify.max_user_watches is used up (uv_fs_event_start → inotify_add_watch).
    const full = () => {
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached, watch'), { code: 'ENOSPC' });
    };
    const watch = startChangeWatch({ paths: hostPaths(root), debounceMs: 100, log, onChange: () => {}, modulePollMs: 20, watchFn: full });
    started.push({ root, watch });
    watch.setFirmwareSearchPath(['/lib/firmware/updates', '/lib/firmware']);
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^cannot watch .*: the inotify watch limit is reached \(fs\.inotify\.max_user_watches\); changes there are seen at the next scheduled probe pass$/),
    ]);
  });
});

describe('python3’s openvino', () => {
  it('is watched where python3 says it is installed, for openvino’s own entries only', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'npu-watch-change-'));
    const sitePackages = path.join(root, 'py/site-packages');
    fs.mkdirSync(sitePackages, { recursive: true });
    fs.mkdirSync(path.join(sitePackages, 'openvino-2025.1.0.dist-info'));
    const { log } = captureLogger();
    const changes: string[][] = [];
    const watch = startChangeWatch({
      paths: hostPaths(root),
      debounceMs: 100,
      log,
      onChange: (sources) => changes.push(sources),
      modulePollMs: 20,
      locatePythonOpenvino: async () => sitePackages,
    });
    started.push({ root, watch });
    await watch.followInventory({ components: [{ component: 'openvino-python', version: '2025.1.0', source: 'python' }], packageManager: null });
    expect(watch.watched()).toContain(sitePackages);
    // Another package's upgrade is not a change; then pip replaces openvino's metadata directory.
    fs.mkdirSync(path.join(sitePackages, 'numpy-2.3.0.dist-info'));
    fs.renameSync(path.join(sitePackages, 'openvino-2025.1.0.dist-info'), path.join(sitePackages, 'openvino-2025.2.0.dist-info'));
    await waitUntil(() => changes.length > 0);
    expect(changes).toEqual([['python openvino']]);
  });

  it('asks python3 isolated and takes only one absolute path as an answer', async () => {
    const calls: unknown[] = [];
    const answering = (stdout: string, exitCode = 0) => async (command: string, args: string[], options?: unknown) => {
      calls.push([command, args, options]);
      return { command, args, stdout, stderr: '', exitCode, signal: null, timedOut: false, notFound: false, startError: null, durationMs: 1 };
    };
    expect(await locatePythonOpenvino(answering('/usr/lib64/python3.14/site-packages\n'))).toBe('/usr/lib64/python3.14/site-packages');
    expect(calls[0]).toEqual(['python3', ['-I', '-c', PYTHON_OPENVINO_LOCATION], { signal: undefined, cwd: '/' }]);
    expect(await locatePythonOpenvino(answering('', 1))).toBeNull();
    expect(await locatePythonOpenvino(answering('site-packages\n'))).toBeNull();
    expect(await locatePythonOpenvino(answering('/a\n/b\n'))).toBeNull();
  });
});
