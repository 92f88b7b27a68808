import fs from 'node:fs';

// npu-watch's own version, from package.json (one level above both src/ and dist/).
export const VERSION: string = (
  JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

// The git revision recorded at build time (scripts/write-build-info.mjs writes dist/build-info.json);
// "unknown" when not built from a git checkout, or when running from src/.
export const REVISION: string = readRevision();

function readRevision(): string {
  try {
    const info = JSON.parse(fs.readFileSync(new URL('./build-info.json', import.meta.url), 'utf8')) as { revision?: unknown };
    return typeof info.revision === 'string' && info.revision !== '' ? info.revision : 'unknown';
  } catch {
    return 'unknown';
  }
}

// `npu-watch --version`, like node_exporter's: "npu-watch 0.1.0 (revision 94f13a5, node v22.23.3)".
export function versionLine(): string {
  return `npu-watch ${VERSION} (revision ${REVISION}, node ${process.version})`;
}
