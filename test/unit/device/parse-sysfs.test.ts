import { describe, expect, it } from 'vitest';
import { parseSysfsHex, parseSysfsInteger, parseSysfsWord } from '../../../src/host/parse-sysfs.js';

const BUSY = '/sys/devices/pci0000:00/0000:00:0b.0/npu_busy_time_us';

describe('parseSysfsInteger', () => {
  it('reads the integers intel_vpu prints with a trailing newline', () => {
    expect(parseSysfsInteger('48213\n', BUSY)).toBe(48213);
    expect(parseSysfsInteger('0\n', BUSY)).toBe(0);
    expect(parseSysfsInteger('47185920\n', 'npu_memory_utilization')).toBe(47185920);
  });

  it('names the file and quotes the content when it is not an integer', () => {
    expect(() => parseSysfsInteger('garbage\n', BUSY)).toThrow(
      `${BUSY}: expected a non-negative integer, got "garbage\\n"`,
    );
  });

  it.each(['', '\n', '-1\n', '12 34\n', '1.5\n', '0x10\n', '99999999999999999999\n'])('rejects %j', (text) => {
    expect(() => parseSysfsInteger(text, BUSY)).toThrow(/npu_busy_time_us: expected a non-negative integer, got /);
  });

  it('shortens long garbage in the message', () => {
    expect(() => parseSysfsInteger('x'.repeat(500), BUSY)).toThrow(`got "${'x'.repeat(64)}..."`);
  });
});

describe('parseSysfsHex', () => {
  it('reads PCI ids as the PCI core prints them, lower-cased', () => {
    expect(parseSysfsHex('0x8086\n', 'vendor', 4)).toBe('0x8086');
    expect(parseSysfsHex('0x643E\n', 'device', 4)).toBe('0x643e');
    expect(parseSysfsHex('0x120000\n', 'class', 6)).toBe('0x120000');
    expect(parseSysfsHex('0x04\n', 'revision', 2)).toBe('0x04');
  });

  it.each([['8086\n', 4], ['0x86\n', 4], ['0x8086\n', 6], ['0xzzzz\n', 4], ['', 4]])('rejects %j as a %i-digit id', (text, digits) => {
    expect(() => parseSysfsHex(text, '/sys/x/vendor', digits)).toThrow(
      `/sys/x/vendor: expected a ${digits}-digit hex id like 0x${'0'.repeat(digits)}, got ${JSON.stringify(text)}`,
    );
  });
});

describe('parseSysfsWord', () => {
  it('reads one-word attributes', () => {
    expect(parseSysfsWord('HW\n', 'sched_mode')).toBe('HW');
    expect(parseSysfsWord('suspended\n', 'power/runtime_status')).toBe('suspended');
  });

  it.each(['', '\n', 'not active\n', 'act\u0000ive'])('rejects %j', (text) => {
    expect(() => parseSysfsWord(text, 'power/runtime_status')).toThrow(
      `power/runtime_status: expected a single word, got ${JSON.stringify(text)}`,
    );
  });
});
