import { COMPILER_WARNING } from './failure-signature.js';

// ANSI SGR sequences ("\x1b[33m" … "\x1b[0m"): the NPU plugin's logger colours every line it prints by level
// (openvinotoolkit/openvino src/plugins/intel_npu/src/utils/src/logger/logger.cpp, getColor: ERR red, WARNING
// yellow, …, and DEFAULT_COLOR "\033[0m" after the text), whether or not stdout is a terminal.
const ANSI_SGR = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, 'g');

export function stripAnsi(text: string): string {
  return text.replace(ANSI_SGR, '');
}

// What is kept of one native output stream (the worker's stdout or stderr): its end, as plain text, and how many
// of its lines were compiler-version warnings. Fed chunk by chunk; a line split across chunks counts once.
export interface NativeStream {
  add(chunk: string): void;
  // Counts a last line that had no newline (the process died mid-line).
  finish(): void;
  tail(): string;
  compilerWarnings(): number;
}

export function nativeStream(tailChars: number): NativeStream {
  let tail = '';
  let pending = '';
  let warnings = 0;
  return {
    add(chunk) {
      const text = stripAnsi(pending + chunk);
      const lines = text.split('\n');
      pending = lines.pop() ?? '';
      warnings += lines.filter((line) => COMPILER_WARNING.test(line)).length;
      tail = (tail + lines.map((line) => `${line}\n`).join('')).slice(-tailChars);
    },
    finish() {
      if (pending === '') return;
      if (COMPILER_WARNING.test(pending)) warnings += 1;
      tail = (tail + pending).slice(-tailChars);
      pending = '';
    },
    tail: () => (tail + pending).slice(-tailChars),
    compilerWarnings: () => warnings,
  };
}
