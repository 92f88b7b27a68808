import type { NpuSysfsAttributes } from './types.js';
import { under } from '../../host/paths.js';
import { readTextOrNull } from '../../host/read.js';
import { parseSysfsInteger, parseSysfsWord } from '../../host/parse-sysfs.js';

// Reads and parses one attribute; null when this kernel does not have it.
async function readAttribute<T>(file: string, parse: (text: string, file: string) => T): Promise<T | null> {
  const text = await readTextOrNull(file);
  return text === null ? null : parse(text, file);
}

// Reads the intel_vpu attributes on an NPU's PCI device directory. They arrived over several kernels
// (npu_busy_time_us 6.11, sched_mode 6.13, npu_memory_utilization 6.15, the two frequencies 6.16; dates of
// the dri-devel patches), so each is null where the running kernel lacks it. power/runtime_status belongs to
// the PCI core's runtime PM, not the driver.
export async function readNpuAttributes(deviceDir: string): Promise<NpuSysfsAttributes> {
  const [busyTimeUs, currentFrequencyMhz, maxFrequencyMhz, memoryUtilizationBytes, schedMode, runtimeStatus] =
    await Promise.all([
      readAttribute(under(deviceDir, 'npu_busy_time_us'), parseSysfsInteger),
      readAttribute(under(deviceDir, 'npu_current_frequency_mhz'), parseSysfsInteger),
      readAttribute(under(deviceDir, 'npu_max_frequency_mhz'), parseSysfsInteger),
      readAttribute(under(deviceDir, 'npu_memory_utilization'), parseSysfsInteger),
      readAttribute(under(deviceDir, 'sched_mode'), parseSysfsWord),
      readAttribute(under(deviceDir, 'power/runtime_status'), parseSysfsWord),
    ]);
  return { busyTimeUs, currentFrequencyMhz, maxFrequencyMhz, memoryUtilizationBytes, schedMode, runtimeStatus };
}
