import type { ProbeContext } from '../types.js';
import { readOsRelease } from '../distro/read-os-release.js';
import type { Component } from './types.js';

// The distribution as os-release describes it; component null when the host has no os-release.
export interface Distro {
  component: Component | null;
  osRelease: Record<string, string>;
}

// Reads <etc>/os-release into the `os` component, e.g. { version: 'fedora 43', detail: 'Fedora Linux 43 (…)' }.
export async function readDistro(ctx: ProbeContext): Promise<Distro> {
  const osRelease = await readOsRelease(ctx);
  if (osRelease === null) {
    ctx.log.debug('no os-release on this host');
    return { component: null, osRelease: {} };
  }
  // os-release(5): ID defaults to "linux"; rolling distributions have no VERSION_ID, some have BUILD_ID.
  const id = osRelease.ID || 'linux';
  const release = osRelease.VERSION_ID || osRelease.BUILD_ID;
  const component: Component = { component: 'os', version: release ? `${id} ${release}` : id, source: 'os-release' };
  if (osRelease.PRETTY_NAME) component.detail = osRelease.PRETTY_NAME;
  return { component, osRelease };
}
