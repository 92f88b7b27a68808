import type { DiagnoseFacts } from '../../../../src/diagnosis/types.js';
import { UBUNTU_COMPONENTS, device, inventoryOf, judged, notListed, passes, seedFacts } from '../canary-fixtures.js';

// The NPU's /dev/accel node is there (passed into the container), OpenVINO lists only CPU, and the package
// database has the Level Zero loader (libze1) but no NPU user-mode driver, as in the official runtime image.
export function factsMeeting(): DiagnoseFacts {
  const withoutNpuDriver = UBUNTU_COMPONENTS.filter((c) => !['intel-level-zero-npu', 'intel-driver-compiler-npu'].includes(c.component));
  return seedFacts(judged(device('NPU', notListed('NPU', ['CPU'])), device('CPU', passes('CPU'))), { inventory: inventoryOf(withoutNpuDriver) });
}
