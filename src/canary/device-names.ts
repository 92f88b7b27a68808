// OpenVINO device names: "NPU" or "NPU.0", "GPU" or "GPU.1", "CPU" (pure; the worker and the daemon share them).

// Whether an OpenVINO device name is of one kind: "NPU" and "NPU.0" are NPUs, "NPUX" is not.
const ofKind = (kind: string) => (device: string): boolean => device === kind || device.startsWith(`${kind}.`);

export const isNpu = ofKind('NPU');
export const isGpu = ofKind('GPU');
export const isCpu = ofKind('CPU');

// "GPU" is listed as "GPU" or as "GPU.0", "GPU.1", … when there are several.
export function isListed(available: string[], device: string): boolean {
  return available.includes(device) || (!device.includes('.') && available.some((name) => name.startsWith(`${device}.`)));
}
