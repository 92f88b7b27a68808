import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { NodeAddon } from 'openvino-node';
import { explainOpenvinoNodeAbsence, readOpenvinoNodeAbsence } from './openvino-node-absence.js';

// The default runtime, an optional dependency of npu-watch that npm may have left out.
const OPENVINO_NODE = 'openvino-node';

export type LoadedRuntime = { ok: true; addon: NodeAddon; fake: boolean } | { ok: false; message: string };

// Imports the configured runtime module (`openvino-node`, or a path to a module with its API) and
// finds its `addon` export. Any failure to load is "runtime missing", with the loader's reason.
export async function loadRuntime(specifier: string): Promise<LoadedRuntime> {
  const target = specifier.startsWith('/') || specifier.startsWith('.') ? pathToFileURL(path.resolve(specifier)).href : specifier;
  let module: Record<string, unknown>;
  try {
    module = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code !== 'ERR_MODULE_NOT_FOUND' ? (error as Error).message.split('\n')[0] : specifier === OPENVINO_NODE ? whyNoOpenvinoNode() : `${specifier} is not installed`;
    return { ok: false, message: `cannot load the OpenVINO runtime: ${why}` };
  }
  const addon = (module.addon ?? (module.default as { addon?: unknown } | undefined)?.addon) as NodeAddon | undefined;
  if (!addon || typeof addon.Core !== 'function') {
    return { ok: false, message: `${specifier} does not export openvino-node's addon.Core` };
  }
  const fake = module.NPU_WATCH_FAKE_RUNTIME === true || (module.default as Record<string, unknown> | undefined)?.NPU_WATCH_FAKE_RUNTIME === true;
  return { ok: true, addon, fake };
}

// npu-watch's install directory: this file is dist/canary/worker/load-runtime.js.
function whyNoOpenvinoNode(): string {
  const installRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
  return explainOpenvinoNodeAbsence(readOpenvinoNodeAbsence(installRoot, process.env));
}
