// The parts of a native failure that identify it run after run: Level Zero result names and codes,
// where the exception was thrown (file:line, without the build tree's path), and the assertion text.
// Addresses, pids and timings are left out, so the same failure always gives the same signature.
export function failureSignature(text: string): string | null {
  const parts: string[] = [];
  const add = (part: string) => {
    if (!parts.includes(part)) parts.push(part);
  };
  // ZE_RESULT_SUCCESS names no failure: it appears only as what a check compared against ("Check 'result ==
  // ZE_RESULT_SUCCESS' failed at …", OPENVINO_ASSERT in the NPU plugin), beside the result that did fail.
  for (const match of text.matchAll(/\bZE_RESULT_[A-Z0-9_]+\b/g)) if (match[0] !== 'ZE_RESULT_SUCCESS') add(match[0]);
  for (const match of text.matchAll(/\bcode (0x[0-9a-fA-F]+)\b/g)) add(match[1]!.toLowerCase());
  for (const match of text.matchAll(/Exception from (?:\S*\/)?([^/\s:]+):(\d+)/g)) add(`${match[1]}:${match[2]}`);
  for (const match of text.matchAll(/Assertion [`'"](.+?)[`'"] failed/g)) add(`assert(${match[1]})`);
  if (parts.length > 0) return parts.join(' ');
  const firstLine = text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !COMPILER_WARNING.test(line));
  return firstLine ? firstLine.replace(/0x[0-9a-fA-F]{6,}/g, '0x…').replace(/\d{3,}/g, 'N').slice(0, 160) : null;
}

// "WARNING: NPU_STEPPING property is not supported by this compiler version": the seed's hint that
// OpenVINO's NPU plugin and the driver's compiler are of different versions.
export const COMPILER_WARNING = /property is not supported by this compiler version/;

// How many such warnings a text holds.
export function countCompilerWarnings(text: string): number {
  return text.split('\n').filter((line) => COMPILER_WARNING.test(line)).length;
}
