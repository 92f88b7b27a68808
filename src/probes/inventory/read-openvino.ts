import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describeCommandFailure } from '../../host/runner.js';
import type { ProbeContext } from '../types.js';
import type { Component } from './types.js';

const PYTHON_OPENVINO_VERSION = "import importlib.metadata as m; print(m.version('openvino'))";

// A PEP 440 / semver-looking version, one line: anything else (a traceback, a warning) is not a version.
const VERSION = /^\d[0-9A-Za-z.+!_-]*$/;

// Isolated mode (-I: no script or current directory on sys.path, no PYTHON* environment, no user site; python(1),
// "-I") from a neutral directory: `check` runs as root under sudo from any cwd, and an importlib.py or a fake
// openvino-*.dist-info planted there would otherwise run or answer (importlib.metadata scans sys.path).
const PYTHON_ISOLATED = { args: ['-I'], cwd: '/' };

// Asks python3 which openvino distribution is installed; null when python3 or openvino is absent.
export async function readPythonOpenvino(ctx: ProbeContext): Promise<Component | null> {
  const result = await ctx.run('python3', [...PYTHON_ISOLATED.args, '-c', PYTHON_OPENVINO_VERSION], { signal: ctx.signal, cwd: PYTHON_ISOLATED.cwd });
  const version = result.stdout.trim();
  if (result.exitCode !== 0 || !VERSION.test(version)) {
    ctx.log.debug({ failure: describeCommandFailure(result) }, 'no python openvino');
    return null;
  }
  return { component: 'openvino-python', version, source: 'python' };
}

// Resolves a module path the way this package's own imports would.
export type ModuleResolver = (specifier: string) => string;

const resolveFromHere: ModuleResolver = (specifier) => createRequire(import.meta.url).resolve(specifier);

// Reads the version of the openvino-node package this daemon would load (an optional dependency);
// null when it is not installed.
export async function readOpenvinoNode(
  ctx: ProbeContext,
  resolve: ModuleResolver = resolveFromHere,
): Promise<Component | null> {
  let manifest: string;
  try {
    manifest = resolve('openvino-node/package.json');
  } catch {
    ctx.log.debug('openvino-node is not installed');
    return null;
  }
  const { version } = JSON.parse(await fs.readFile(manifest, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string' || version === '') return null;
  return { component: 'openvino-node', version, source: 'npm' };
}
