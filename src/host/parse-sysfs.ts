// Pure parsers for sysfs attribute text. sysfs never prints garbage on a healthy host, so content that does
// not match the attribute's format is an error naming the file, never a silent null.

const SHOWN_CONTENT_MAX = 64;

// The offending content, quoted so whitespace and control characters stay visible.
function shown(text: string): string {
  return JSON.stringify(text.length > SHOWN_CONTENT_MAX ? `${text.slice(0, SHOWN_CONTENT_MAX)}...` : text);
}

// A non-negative decimal integer attribute, e.g. npu_busy_time_us "1843217\n" → 1843217.
export function parseSysfsInteger(text: string, file: string): number {
  const value = text.trim();
  if (/^\d+$/.test(value)) {
    const parsed = Number(value);
    if (Number.isSafeInteger(parsed)) return parsed;
  }
  throw new Error(`${file}: expected a non-negative integer, got ${shown(text)}`);
}

// A fixed-width hex id as the PCI core prints it ("0x%04x" vendor/device, "0x%02x" revision, "0x%06x" class),
// lower-cased: "0x8086\n" → "0x8086".
export function parseSysfsHex(text: string, file: string, digits: number): string {
  const value = text.trim().toLowerCase();
  if (new RegExp(`^0x[0-9a-f]{${digits}}$`).test(value)) return value;
  throw new Error(`${file}: expected a ${digits}-digit hex id like 0x${'0'.repeat(digits)}, got ${shown(text)}`);
}

// A one-word attribute such as sched_mode ("HW") or power/runtime_status ("suspended").
export function parseSysfsWord(text: string, file: string): string {
  const value = text.trim();
  if (/^[A-Za-z0-9_-]+$/.test(value)) return value;
  throw new Error(`${file}: expected a single word, got ${shown(text)}`);
}
