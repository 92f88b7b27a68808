import type { KnownFailure } from './known-failure.js';

// A large model (Gemma E4B VLM in OpenVINO Model Server 2026.3, Core Ultra 7 265H, Ubuntu 24.04, kernel 6.17 OEM) needed a
// buffer object the NPU context's address range had no room for; OpenVINO then failed in pfnAppendGraphExecute with
// ZE_RESULT_ERROR_UNINITIALIZED. Kernel: torvalds/linux drivers/accel/ivpu/ivpu_gem.c ivpu_bo_alloc_vpu_addr() logs
// ivpu_err("Failed to add BO to context %u: %d") when ivpu_mmu_context_insert_node() cannot place the BO in the
// context's range (-28 is -ENOSPC); ivpu_bo_create_ioctl() then logs "Failed to create handle for BO".
export const npuContextAddressSpaceFull: KnownFailure = {
  id: 'npu-context-address-space-full',
  title: "the NPU driver found no room in the context's NPU address space for a buffer (-ENOSPC)",
  seen_in: ['kernel'],
  pattern: /\bivpu_bo_alloc_vpu_addr\(\): Failed to add BO to context \d+: -28\b/,
  meaning:
    "intel_vpu could not map a buffer into the process's NPU address range because the range was full (-28, -ENOSPC); " +
    'the NPU plugin sees the failed allocation as "L0 pfnAppendGraphExecute result: ZE_RESULT_ERROR_UNINITIALIZED" and the inference fails',
  fix:
    'the thread is open with no fix: the reporter tried intel_iommu=on,sm_on on the kernel command line and modprobe intel_vpu ' +
    'force_snoop=1 without success; no maintainer answer is in the stored thread yet: add this kernel log and the versions there',
  source: 'https://github.com/intel/linux-npu-driver/issues/149',
};
