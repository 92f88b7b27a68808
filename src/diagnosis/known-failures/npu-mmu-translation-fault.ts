import type { KnownFailure } from './known-failure.js';

// The NPU's MMU reported a translation fault: in the thread (a dri-devel patch, Meteor Lake) a signal interrupted the
// driver's wait for an IPC reply ("IPC receive failed: … ret -512", -ERESTARTSYS), the driver reused the IPC slot the
// firmware still owned, firmware memory was corrupted and the firmware crashed with this fault.
// Kernel: torvalds/linux drivers/accel/ivpu/ivpu_mmu.c ivpu_mmu_dump_event() logs ivpu_err("MMU EVTQ: 0x%x (%s) SSID: %d
// SID: %d, e[2] %08x, e[3] %08x, in addr: 0x%llx, fetch addr: 0x%llx"), the name from ivpu_mmu_event_to_str(), 0x10 being
// "Translation fault"; it runs from the event-queue IRQ handler and from ivpu_mmu_evtq_dump() when ivpu_boot() fails.
export const npuMmuTranslationFault: KnownFailure = {
  id: 'npu-mmu-translation-fault',
  title: "the NPU's MMU reported a translation fault (the firmware or a job touched unmapped NPU memory)",
  seen_in: ['kernel'],
  pattern: /\bMMU EVTQ: 0x10 \(Translation fault\)/,
  meaning:
    'the NPU accessed an address its MMU has no mapping for; in the thread this followed "IPC receive failed: … ret -512": ' +
    'a signal interrupted the driver while it waited for the firmware, the driver reused a message slot the firmware was still ' +
    'processing, and the corrupted firmware crashed (if the log has no "ret -512" IPC failure before it, the cause may differ)',
  fix:
    'the patch in the thread ("accel/ivpu: Do not use wait event interruptible", Fixes 5d7422cfb498) makes the driver wait for ' +
    'the firmware uninterruptibly: run a kernel that contains it, and reload intel_vpu (or reboot) to clear the crashed firmware',
  source: 'https://lore.kernel.org/all/20230925121137.872158-2-stanislaw.gruszka@linux.intel.com/',
};
