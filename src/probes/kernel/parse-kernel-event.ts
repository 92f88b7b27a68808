import type { KernelEvent, KernelEventKind } from './kernel-event.js';

// Turns one kernel log line into an NPU kernel event, or null when the line is not one of the intel_vpu messages
// below. Pure. Every pattern is the format string of the upstream message (torvalds/linux, drivers/accel/ivpu
// unless named otherwise), with the older kernels' wording beside the current one.
//
// ivpu's messages go through ivpu_err()/ivpu_info() (ivpu_drv.h: drm_err()/drm_info() on the PCI device), so a
// line reads `intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_fw_request(): Failed to request firmware: -2`; dmesg
// adds `[    9.74] ` and journalctl's short output `host kernel: ` in front, so no pattern is anchored at the start.

// The line is the intel_vpu driver's own: its device prefix, or an ivpu function name (ivpu_err adds `%s(): `).
const IVPU_LINE = /\bintel_vpu\b|\bivpu_\w+\(\)/;
// The device prefix dev_*()/drm_*() put in front: `intel_vpu 0000:00:0b.0: `.
const DEVICE = /\bintel_vpu (\d{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d): /;
// NPU firmware file names (ivpu_fw.c fw_names[]: vpu_37xx.bin, intel/vpu/vpu_40xx_v0.0.bin, …).
const NPU_FIRMWARE_FILE = /(?:^|\/)(?:vpu_\d+xx|mtl_vpu)[\w.-]*\.bin$/;

type Matcher = (text: string) => Omit<KernelEvent, 'line' | 'device'> | null;

const int = (text: string | undefined): number => Number.parseInt(text ?? '', 10);

// Tried in order; the first that matches names the line.
const MATCHERS: ReadonlyArray<{ kind: KernelEventKind; match: Matcher }> = [
  {
    // ivpu_fw.c ivpu_fw_parse(): `ivpu_info(vdev, "Firmware: %s, version: %s\n", fw->name, fw->version)`; the
    // reading the inventory's npu-firmware version comes from (src/probes/inventory/loaded-firmware.ts; the version is the rest of the line and
    // may hold spaces: "Mar  6 2025*NPU40xx*…"; an empty one is "Missing firmware version").
    kind: 'firmware_loaded',
    match: (text) => {
      const m = /\bFirmware: (\S+), version: (.*)$/.exec(text);
      if (!m) return null;
      const version = m[2]!.trim();
      return { kind: 'firmware_loaded', file: m[1]!, version: version === '' ? 'unknown' : version };
    },
  },
  {
    // ivpu_fw.c ivpu_fw_request(): `ivpu_err(vdev, "Failed to request firmware: %d\n", ret)`, logged once no
    // name of fw_names[] loaded (every version read has this wording).
    kind: 'firmware_request_failed',
    match: (text) => {
      const m = /\bFailed to request firmware: (-?\d+)/.exec(text);
      return m ? { kind: 'firmware_request_failed', errno: int(m[1]) } : null;
    },
  },
  {
    // drivers/base/dd.c call_driver_probe(): `dev_err(dev, "probe with driver %s failed with error %d\n", …)`
    // (older kernels: `pr_warn("%s: probe of %s failed with error %d\n", drv->name, dev_name(dev), ret)`), logged
    // for every failed probe but -ENODEV/-ENXIO/-EPROBE_DEFER. ivpu_probe()'s own "Failed to initialize VPU
    // device: %d" (ivpu_drv.c before 2023) precedes it for the same failure, so it is not counted again.
    kind: 'probe_failed',
    match: (text) => {
      const m =
        /\bprobe with driver intel_vpu failed with error (-?\d+)/.exec(text) ??
        /\bintel_vpu: probe of \S+ failed with error (-?\d+)/.exec(text);
      return m ? { kind: 'probe_failed', errno: int(m[1]) } : null;
    },
  },
  {
    // ivpu_drv.c ivpu_boot(): `ivpu_err(vdev, "Failed to boot the firmware: %d\n", ret)`.
    kind: 'firmware_boot_failed',
    match: (text) => {
      const m = /\bFailed to boot the firmware: (-?\d+)/.exec(text);
      return m ? { kind: 'firmware_boot_failed', errno: int(m[1]) } : null;
    },
  },
  {
    // ivpu_pm.c ivpu_job_timeout_work(): `ivpu_err(vdev, "Job timeout detected, heartbeat not progressed\n")`,
    // `"Job timeout detected, heartbeat limit exceeded\n"`, later `"… heartbeat limit (%lld) exceeded\n"`; before
    // the heartbeat check (2024): `ivpu_err(vdev, "TDR detected, timeout %lu ms", timeout_ms)`.
    kind: 'job_timeout',
    match: (text) => {
      const m = /\b(Job timeout detected, heartbeat .*|TDR detected, timeout \d+ ms)$/.exec(text);
      return m ? { kind: 'job_timeout', reason: m[1]! } : null;
    },
  },
  {
    // ivpu_pm.c ivpu_pm_trigger_recovery(): `ivpu_err(vdev, "Recovery triggered by %s\n", reason)` ("TDR", "MMU", …).
    kind: 'recovery_triggered',
    match: (text) => {
      const m = /\bRecovery triggered by (.+)$/.exec(text);
      return m ? { kind: 'recovery_triggered', reason: m[1]!.trim() } : null;
    },
  },
  {
    // ivpu_pm.c ivpu_pm_recovery_work(): `ivpu_err(vdev, "Recovering the NPU (reset #%d)\n", …)`; before the
    // VPU-to-NPU rename of the messages (2023): `"Recovering the VPU (reset #%d)\n"`.
    kind: 'npu_reset',
    match: (text) => {
      const m = /\bRecovering the [NV]PU \(reset #(\d+)\)/.exec(text);
      return m ? { kind: 'npu_reset', reset: int(m[1]) } : null;
    },
  },
  {
    // ivpu_mmu.c ivpu_mmu_dump_event(): `ivpu_err(vdev, "MMU EVTQ: 0x%x (%s) SSID: %d SID: %d, e[2] %08x, …")`
    // (ivpu_err_ratelimited since 2024; the first driver's vpu_mmu_irq_evtq_handler() had the same text).
    kind: 'mmu_fault',
    match: (text) => {
      const m = /\bMMU EVTQ: (0x[0-9a-f]+) \(([^)]*)\)/.exec(text);
      return m ? { kind: 'mmu_fault', reason: `${m[1]} (${m[2]})` } : null;
    },
  },
];

// The firmware loader not finding a name ivpu asked for. ivpu_fw_request() tries fw_names[] in turn with
// firmware_request_nowarn(), so upstream logs nothing; Debian's firmware-loader patch logs
// `firmware: failed to load vpu_37xx.bin (-2)` for each (test/fixtures/kernel-logs/arrow-lake-debian-fallback),
// and drivers/base/firmware_loader/main.c _request_firmware() warns `Direct firmware load for %s failed with
// error %d` for a request made with warnings. Followed by a successful load it is a normal fallback
// (intel/linux-npu-driver#93); a real failure is ivpu's own "Failed to request firmware".
function candidateMissing(text: string): Omit<KernelEvent, 'line' | 'device'> | null {
  const m = /\bfirmware: failed to load (\S+) \((-?\d+)\)/.exec(text) ?? /\bDirect firmware load for (\S+) failed with error (-?\d+)/.exec(text);
  if (!m || !NPU_FIRMWARE_FILE.test(m[1]!)) return null;
  return { kind: 'firmware_candidate_missing', file: m[1]!, errno: int(m[2]) };
}

// One kernel log line → the NPU kernel event it reports, or null.
export function parseKernelEvent(line: string): KernelEvent | null {
  const text = line.trimEnd();
  const device = DEVICE.exec(text)?.[1];
  const withDevice = (event: Omit<KernelEvent, 'line' | 'device'>): KernelEvent => ({
    ...event,
    line: text,
    ...(device === undefined ? {} : { device }),
  });
  const missing = candidateMissing(text);
  if (missing) return withDevice(missing);
  // `intel_vpu: probe of …` (the older driver-core wording) carries the driver's name without a device prefix.
  if (!IVPU_LINE.test(text)) return null;
  for (const { match } of MATCHERS) {
    const event = match(text);
    if (event) return withDevice(event);
  }
  return null;
}
