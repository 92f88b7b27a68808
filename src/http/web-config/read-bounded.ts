import fs from 'node:fs';
import { ConfigError } from '../../config/config-error.js';

// Files named by the web config are small PEM or YAML files; anything larger is a wrong path.
const MAX_BYTES = 1024 * 1024;

// Reads a regular file of at most 1 MiB; anything else (a FIFO would block open(), /dev/zero never ends) is a
// ConfigError whose message starts with `what` and names the path and why.
export function readBoundedFile(file: string, what: string): Buffer {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new ConfigError(`${what} ${file}: cannot read it: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (!stat.isFile()) throw new ConfigError(`${what} ${file}: not a regular file`);
  if (stat.size > MAX_BYTES) throw new ConfigError(`${what} ${file}: larger than ${MAX_BYTES} bytes`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${what} ${file}: cannot read it: ${(error as Error).message}`);
  }
}
