import type { DiagnoseFacts } from '../../../../src/diagnosis/types.js';
import { UBUNTU_COMPONENTS, device, inventoryOf, judged, notListed, passes, seedFacts } from '../canary-fixtures.js';

// The NPU (with its /dev/accel node) is on the bus, OpenVINO lists only CPU and GPU, and the package database has
// the NPU driver but no Level Zero loader (Ubuntu: libze1).
export function factsMeeting(): DiagnoseFacts {
  const withoutLoader = UBUNTU_COMPONENTS.filter((c) => c.component !== 'libze1');
  return seedFacts(judged(device('NPU', notListed('NPU', ['CPU', 'GPU'])), device('CPU', passes('CPU'))), { inventory: inventoryOf(withoutLoader) });
}
