import { describe, expect, it } from 'vitest';
import { nativeStream, stripAnsi } from '../../../src/canary/native-output.js';
import { uncaughtException } from '../../../src/canary/uncaught-exception.js';

const WARNING = '\x1b[33m[WARNING] 19:02:03.7 [serializeConfig] optimization-level property is not supported by this compiler version. Removing from parameters\x1b[0m\n';

describe('nativeStream', () => {
  it('counts a coloured warning line split across chunks once, and keeps it without colour codes', () => {
    const stream = nativeStream(1024);
    stream.add(WARNING.slice(0, 3));
    stream.add(WARNING.slice(3, 40));
    stream.add(WARNING.slice(40));
    stream.finish();
    expect(stream.compilerWarnings()).toBe(1);
    expect(stream.tail()).toBe(stripAnsi(WARNING));
    expect(stream.tail()).not.toContain('\x1b');
  });

  it('counts a last line without a newline (the process died mid-line) and keeps only the end', () => {
    const stream = nativeStream(20);
    stream.add('x'.repeat(50));
    stream.add('\nWARNING: NPU_STEPPING property is not supported by this compiler version');
    stream.finish();
    expect(stream.compilerWarnings()).toBe(1);
    expect(stream.tail()).toBe('y this compiler version'.slice(-20));
  });
});

describe('uncaughtException', () => {
  it("reads libstdc++'s terminate lines: the type and the whole what(), across lines", () => {
    const stderr = "WARNING: x\nterminate called after throwing an instance of 'ov::Exception'\n  what():  Exception from a.cpp:1:\nL0 x result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe\n";
    expect(uncaughtException(stderr)).toEqual({ type: 'ov::Exception', message: 'Exception from a.cpp:1:\nL0 x result: ZE_RESULT_ERROR_UNKNOWN, code 0x7ffffffe' });
  });

  it('is null without the handler’s line', () => {
    expect(uncaughtException("Assertion '__p != nullptr' failed.\n")).toBeNull();
  });
});
