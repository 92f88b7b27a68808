import { describe, expect, it } from 'vitest';
import { encodeVarint, ProtobufWriter } from '../../../src/canary/model/protobuf-writer.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('encodeVarint', () => {
  it('writes base-128 varints (the protobuf encoding guide examples)', () => {
    expect(hex(encodeVarint(0))).toBe('00');
    expect(hex(encodeVarint(1))).toBe('01');
    expect(hex(encodeVarint(127))).toBe('7f');
    expect(hex(encodeVarint(150))).toBe('9601');
    expect(hex(encodeVarint(300))).toBe('ac02');
    expect(hex(encodeVarint(2 ** 32))).toBe('8080808010');
  });

  it('writes negative int64 values as ten-byte two\'s complement', () => {
    expect(hex(encodeVarint(-1))).toBe('ffffffffffffffffff01');
    expect(hex(encodeVarint(-2n))).toBe('feffffffffffffffff01');
  });

  it('refuses numbers that are not safe integers', () => {
    expect(() => encodeVarint(1.5)).toThrow(RangeError);
    expect(() => encodeVarint(2 ** 60)).toThrow(RangeError);
  });
});

describe('ProtobufWriter', () => {
  it('writes tags, varints and strings as the protobuf guide shows', () => {
    expect(hex(new ProtobufWriter().varint(1, 150).finish())).toBe('089601');
    expect(hex(new ProtobufWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
  });

  it('nests messages as length-delimited fields', () => {
    const inner = new ProtobufWriter().varint(1, 150);
    expect(hex(new ProtobufWriter().message(3, inner).finish())).toBe('1a03089601');
  });

  it('packs floats little-endian with one length prefix', () => {
    const bytes = new ProtobufWriter().packedFloats(4, [1, -2.5]).finish();
    expect(hex(bytes)).toBe('2208' + '0000803f' + '000020c0');
  });

  it('keeps fields in the order they were added and uses multi-byte tags for large field numbers', () => {
    const bytes = new ProtobufWriter().varint(16, 1).string(1, '').finish();
    expect(hex(bytes)).toBe('8001010a00');
  });

  it('refuses field numbers protobuf does not allow', () => {
    expect(() => new ProtobufWriter().varint(0, 1)).toThrow(RangeError);
  });
});
