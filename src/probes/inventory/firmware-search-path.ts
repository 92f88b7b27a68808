import path from 'node:path';

// The directories the kernel's firmware loader looks in, in order: torvalds/linux
// drivers/base/firmware_loader/main.c fw_path[] = { fw_path_para (the `firmware_class.path` parameter, skipped
// while empty), "/lib/firmware/updates/" UTS_RELEASE, "/lib/firmware/updates", "/lib/firmware/" UTS_RELEASE,
// "/lib/firmware" }.
export const KERNEL_FIRMWARE_ROOT = '/lib/firmware';

export interface FirmwareDir {
  // The directory as the kernel names it, e.g. '/lib/firmware/updates'.
  kernelDir: string;
  // Where npu-watch reads it: under the configured [paths] firmware root.
  dir: string;
}

// The firmware search path with the configured firmware root standing for /lib/firmware (pure):
// - `<root>/updates/<release>`, `<root>/updates`, `<root>/<release>`, `<root>` (the release dirs only when the
//   running kernel's release is known);
// - first the `firmware_class.path` directory, when set. It is a path on the host: when the root ends in
//   /lib/firmware (the default, or a copied host tree such as /tmp/host/lib/firmware), it is read under the
//   same host prefix (/tmp/host/opt/fw for /opt/fw); under any other root it is read as it is.
// A directory named twice is kept once, where it comes first (the kernel would find the same files there).
export function firmwareSearchPath(root: string, release: string | null, classPath: string | null): FirmwareDir[] {
  const normalizedRoot = path.resolve(root);
  const dirs: FirmwareDir[] = [];
  const custom = classPath?.trim() ?? '';
  if (custom !== '') dirs.push({ kernelDir: custom, dir: onHost(normalizedRoot, custom) });
  const releaseDirs = release ? [`updates/${release}`, 'updates', release, ''] : ['updates', ''];
  for (const sub of releaseDirs) {
    dirs.push({ kernelDir: path.posix.join(KERNEL_FIRMWARE_ROOT, sub), dir: path.join(normalizedRoot, sub) });
  }
  const seen = new Set<string>();
  return dirs.filter(({ dir }) => (seen.has(dir) ? false : (seen.add(dir), true)));
}

// A host path as read under the configured firmware root's host prefix (also where the change watch looks for
// host paths outside the roots, such as the package databases).
export function onHost(root: string, hostPath: string): string {
  if (root === KERNEL_FIRMWARE_ROOT || !root.endsWith(KERNEL_FIRMWARE_ROOT)) return path.resolve(hostPath);
  return path.join(root.slice(0, -KERNEL_FIRMWARE_ROOT.length), path.resolve('/', hostPath));
}
