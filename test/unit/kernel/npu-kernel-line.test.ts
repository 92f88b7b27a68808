import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { npuKernelLog } from '../../../src/probes/kernel/npu-kernel-line.js';
import { fixtureOutputPath } from '../../helpers/probe-context.js';

// Real kernel logs posted in public threads (each file names its source); the # header lines are not kernel lines.
// The NPU lines of kernel log text, read record by record as npu-watch reads the journal.
function npuKernelLines(text: string): string[] {
  return npuKernelLog(text.split('\n').map((message, at) => ({ message, at }))).map((entry) => entry.line);
}

function postedLines(name: string): string[] {
  const text = readFileSync(new URL(`../../fixtures/kernel-logs/${name}`, import.meta.url), 'utf8');
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('npuKernelLog', () => {
  it('keeps a failed firmware request with its [drm] *ERROR* prefix, as journalctl printed it', () => {
    const lines = postedLines('lunar-lake-no-firmware.journal.txt');
    expect(npuKernelLines(lines.join('\n'))).toEqual(lines);
    expect(npuKernelLines(lines.join('\n'))).toContain(
      'saturn kernel: intel_vpu 0000:00:0b.0: [drm] *ERROR* ivpu_fw_request(): Failed to request firmware: -2',
    );
  });

  it('keeps the driver’s lines and the firmware loader’s, in order, from a dmesg with timestamps', () => {
    const lines = postedLines('arrow-lake-debian-fallback.dmesg.txt');
    expect(npuKernelLines(lines.join('\r\n'))).toEqual(lines);
  });

  it('drops other drivers’ lines, firmware lines included', () => {
    const fedora = readFileSync(fixtureOutputPath('fedora43-lunarlake', 'journalctl-dmesg.txt'), 'utf8');
    const kept = npuKernelLines(fedora);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.filter((line) => /^(xe|iwlwifi|Bluetooth|pci) /.test(line) || line.includes('Initialized xe'))).toEqual([]);
    const noNpu = readFileSync(fixtureOutputPath('no-npu', 'journalctl-dmesg.txt'), 'utf8');
    expect(npuKernelLines(noNpu)).toEqual([]);
  });

  it('keeps only the latest lines when there are more than the limit', () => {
    const text = Array.from({ length: 250 }, (_, i) => `intel_vpu 0000:00:0b.0: [drm] line ${i}`).join('\n');
    const kept = npuKernelLines(text);
    expect(kept).toHaveLength(200);
    expect(kept[0]).toBe('intel_vpu 0000:00:0b.0: [drm] line 50');
    expect(kept.at(-1)).toBe('intel_vpu 0000:00:0b.0: [drm] line 249');
  });
});
