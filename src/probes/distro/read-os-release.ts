import { under } from '../../host/paths.js';
import { readTextOrNull } from '../../host/read.js';
import type { ProbeContext } from '../types.js';
import { parseOsRelease } from './parse-os-release.js';

// Reads <etc>/os-release; null when the host has none.
export async function readOsRelease(ctx: Pick<ProbeContext, 'paths'>): Promise<Record<string, string> | null> {
  const text = await readTextOrNull(under(ctx.paths.etc, 'os-release'));
  return text === null ? null : parseOsRelease(text);
}
