// sysfs attributes the intel_vpu driver exposes on the NPU's PCI device (null where the kernel lacks them).
export interface NpuSysfsAttributes {
  busyTimeUs: number | null;
  currentFrequencyMhz: number | null;
  maxFrequencyMhz: number | null;
  memoryUtilizationBytes: number | null;
  schedMode: string | null;
  runtimeStatus: string | null;
}

// The NPU's /dev/accel node and whether this process may open it read-write.
export interface AccelNode {
  // The path checked, under the configured dev root.
  path: string;
  accessible: boolean;
  // Octal permission bits, e.g. '0660'.
  mode: string;
  uid: number;
  gid: number;
  // Owning group's name from <etc>/group; null when unknown.
  group: string | null;
  // Whether this process is a member of the owning group.
  inOwningGroup: boolean;
}

export interface NpuDevice {
  pciAddress: string;
  vendorId: string;
  deviceId: string;
  // Meteor Lake, Arrow Lake, Lunar Lake, Panther Lake, Wildcat Lake.
  generation: string;
  revision: string | null;
  // Bound driver's name ('intel_vpu'), null when no driver is bound.
  driver: string | null;
  // <sysfs>/module/intel_vpu/version, null when absent.
  driverVersion: string | null;
  // null: the driver created no accel node for this device.
  node: AccelNode | null;
  attributes: NpuSysfsAttributes;
}

export interface GpuDevice {
  pciAddress: string;
  deviceId: string;
  driver: string | null;
}

export interface DeviceReport {
  npus: NpuDevice[];
  // Intel display-class PCI devices (OpenVINO's GPU plugin targets).
  gpus: GpuDevice[];
}
