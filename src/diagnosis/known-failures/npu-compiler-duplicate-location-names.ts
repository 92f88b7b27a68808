import type { KnownFailure } from './known-failure.js';

// The NPU compiler (vpux-compiler) stopped compiling an LLM partition because its location verifier found operations
// sharing one name (Qwen3-1.7B int4 via OpenVINO GenAI, Core Ultra 7 258V / Lunar Lake, OpenVINO 2026.1). The verifier
// runs after a pass and fails with "<pass> Pass failed : Found <n> duplicated names after <full|fast> verification"
// (openvinotoolkit/npu_compiler src/vpux_compiler/src/utils/locations_verifier.cpp, verifyLocationsUniquenessImpl); the
// compiler logs the failing pass as "Failed Pass <pass> on Operation" on the compile's native output, and NPUW then
// reports that the partition failed on every device it may use ("Failed to compile <submodel> for all devices in [NPU]").
// Both verifier passes (SetupLocationVerifier at the start, StopLocationVerifierPass at the end) report this way.
// The post does not name its OS (the project's docs put that machine on Windows); no Linux thread has this failure,
// but its message is the NPU compiler's own, and Linux's NPU driver package ships the same compiler.
export const npuCompilerDuplicateLocationNames: KnownFailure = {
  id: 'npu-compiler-duplicate-location-names',
  title: 'the NPU compiler found duplicated operation names in the model and stopped (location verifier failed)',
  seen_in: ['canary', 'benchmark'],
  pattern: /Failed Pass (?:SetupLocationVerifier|StopLocationVerifierPass) on Operation|(?:SetupLocationVerifier|StopLocationVerifierPass) Pass failed : Found \d+ duplicated names/,
  meaning:
    "the NPU compiler checks that every operation of the graph it builds keeps a unique name; here several had the same " +
    'one, which it treats as an error and stops, so NPUW could compile the partition on no device. In the thread it ' +
    'happened compiling Qwen3-1.7B int4 (an optimum-cli export) on a Lunar Lake NPU with OpenVINO 2026.1, while the same ' +
    "model ran on CPU and GPU; the reporter calls it a known class of issue with that release's NPU compiler not yet " +
    'handling all transformer ops emitted by Optimum-Intel',
  fix:
    "the thread's project got past it without an NPU driver change (its PR #63): it exported the model as a stateless, " +
    'fully static-shape IR instead of the stock optimum-cli export and ran that on the same NPU with OpenVINO 2026.1.0 ' +
    '(Qwen2.5-1.5B, 12/12 prompts correct). The NPU itself needs no repair: benchmark with a model export that compiles ' +
    'on this NPU, or run this model on CPU/GPU',
  source: 'https://github.com/labscommunity/cascadia/issues/37',
};
