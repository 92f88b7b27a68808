// A minimal protobuf encoder: just the wire types the ONNX model needs (varint, length-delimited,
// packed 32-bit floats). Fields are written in the order they are added, so the output is deterministic.

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

const textEncoder = new TextEncoder();

// The base-128 varint encoding of an integer; negative values are written as 64-bit two's complement (int64).
export function encodeVarint(value: number | bigint): Uint8Array {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`varint needs a safe integer, got ${value}`);
  }
  let rest = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Uint8Array.from(bytes);
}

// Builds one protobuf message field by field; nest messages by passing a finished writer to message().
export class ProtobufWriter {
  private readonly chunks: Uint8Array[] = [];

  // An integer field (int32, int64, enum) as a varint.
  varint(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.chunks.push(encodeVarint(value));
    return this;
  }

  // A length-delimited field holding raw bytes.
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.chunks.push(encodeVarint(value.length), value);
    return this;
  }

  // A string field, UTF-8 encoded.
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  // An embedded message field.
  message(field: number, value: ProtobufWriter): this {
    return this.bytes(field, value.finish());
  }

  // A packed repeated float field: 4 bytes little-endian IEEE 754 per value.
  packedFloats(field: number, values: ArrayLike<number>): this {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] as number, true);
    return this.bytes(field, data);
  }

  // The encoded message.
  finish(): Uint8Array {
    const total = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > 0x1fffffff) throw new RangeError(`bad field number ${field}`);
    this.chunks.push(encodeVarint(field * 8 + wireType));
  }
}
