import { readValueOrNull } from '../../host/read.js';
import { under } from '../../host/paths.js';
import type { ProbeContext } from '../types.js';
import type { Component } from './types.js';

// Reads the running kernel's release from <procfs>/sys/kernel/osrelease, e.g. '6.17.6-300.fc43.x86_64'.
export async function readKernelRelease(ctx: ProbeContext): Promise<Component | null> {
  const release = await readValueOrNull(under(ctx.paths.procfs, 'sys/kernel/osrelease'));
  if (release === null || release === '') return null;
  return { component: 'kernel', version: release, source: 'procfs' };
}
