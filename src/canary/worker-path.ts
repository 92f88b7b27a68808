import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

// The built worker script beside this module (dist/canary/worker.js). Run from sources (tests), the
// worker still runs as built JavaScript: a child process does not get vitest's TypeScript loader.
export function workerPath(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (fs.existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/canary/worker.js', import.meta.url));
  if (fs.existsSync(built)) return built;
  throw new Error(`the canary worker is not built (looked for ${beside} and ${built}); run npm run build`);
}
