import type { MalformedRecord } from './kernel-record.js';

// One record of the kmsg device, as torvalds/linux Documentation/ABI/testing/dev-kmsg describes it (and
// kernel/printk/printk.c info_print_ext_header() writes it): `<prefix>,<seq>,<usec>,<flags>[,…];<message>`,
// where prefix is the syslog priority and facility, seq a 64-bit sequence number, usec microseconds since boot
// (the printk clock), and the message has non-printable characters escaped as \xNN. Lines that start with a
// space are the record's dictionary (` SUBSYSTEM=pci`, ` DEVICE=+pci:0000:00:0b.0`): not records, null. Pure.
export interface KmsgRecord {
  seq: number;
  usec: number;
  message: string;
}

export function parseKmsgRecord(line: string): KmsgRecord | MalformedRecord | null {
  if (line === '' || line.startsWith(' ')) return null;
  const semicolon = line.indexOf(';');
  if (semicolon < 0) return { malformed: `no ";" in kmsg record: ${line.slice(0, 80)}` };
  const fields = line.slice(0, semicolon).split(',');
  const [priority, seq, usec] = fields.map((field) => (/^\d+$/.test(field) ? Number(field) : Number.NaN));
  if (fields.length < 4 || !Number.isFinite(priority) || !Number.isFinite(seq) || !Number.isFinite(usec)) {
    return { malformed: `bad kmsg header: ${line.slice(0, semicolon).slice(0, 80)}` };
  }
  return { seq: seq!, usec: usec!, message: unescapeKmsg(line.slice(semicolon + 1)) };
}

// dev-kmsg: "Non-printable characters and the '\' are escaped as \xNN" (a newline inside a message too).
function unescapeKmsg(text: string): string {
  return text.replace(/\\x([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
