import type { DiagnosisRule } from '../types.js';
import { knownFailureRule, type KnownFailure } from './known-failure.js';
import { npuBlockedLayoutInvalidArgument } from './npu-blocked-layout-invalid-argument.js';
import { npuCompilerDuplicateLocationNames } from './npu-compiler-duplicate-location-names.js';
import { npuCompilerLlvmAbortOnLlm } from './npu-compiler-llvm-abort-on-llm.js';
import { npuCompilerUnresolvedMaterialization } from './npu-compiler-unresolved-materialization.js';
import { npuContextAddressSpaceFull } from './npu-context-address-space-full.js';
import { npuConvolutionChannelsUnbounded } from './npu-convolution-channels-unbounded.js';
import { npuDeviceLostAtInference } from './npu-device-lost-at-inference.js';
import { npuDriverCompilerUnboundedDynamicShape } from './npu-driver-compiler-unbounded-dynamic-shape.js';
import { npuDynamicShapeWithoutUpperBounds } from './npu-dynamic-shape-without-upper-bounds.js';
import { npuElfMappedInferenceVersionMismatch } from './npu-elf-mapped-inference-version-mismatch.js';
import { npuFenceSyncUnknownError } from './npu-fence-sync-unknown-error.js';
import { npuFirmwareMissingAtProbe } from './npu-firmware-missing-at-probe.js';
import { npuGraphArgumentInvalidArgument } from './npu-graph-argument-invalid-argument.js';
import { npuIrOpsetUnknownToDriverCompiler } from './npu-ir-opset-unknown-to-driver-compiler.js';
import { npuLeftPoweredAfterFailedProbe } from './npu-left-powered-after-failed-probe.js';
import { npuLevelZeroBackendMissingStaleLoader } from './npu-level-zero-backend-missing-stale-loader.js';
import { npuLlmGarbageOnOneGeneration } from './npu-llm-garbage-on-one-generation.js';
import { npuMaxTilesUnsupportedConfigKey } from './npu-max-tiles-unsupported-config-key.js';
import { npuMmuTranslationFault } from './npu-mmu-translation-fault.js';
import { npuNoDevicesFoundAtCompile } from './npu-no-devices-found-at-compile.js';
import { npuNonBroadcastableUnboundedDims } from './npu-non-broadcastable-unbounded-dims.js';
import { npuNotListedWithoutLevelZeroLoader } from './npu-not-listed-without-level-zero-loader.js';
import { npuNotListedWithoutNpuUserModeDriver } from './npu-not-listed-without-npu-user-mode-driver.js';
import { npuOutOfHostMemoryAtCompile } from './npu-out-of-host-memory-at-compile.js';
import { npuPluginCompilerLibraryMissing } from './npu-plugin-compiler-library-missing.js';
import { npuRecoveryAfterHang } from './npu-recovery-after-hang.js';
import { npuToShapeOnDynamicShape } from './npu-to-shape-on-dynamic-shape.js';
import { npuUnsupportedPrecision } from './npu-unsupported-precision.js';
import { npuwNoMoreDevicesLeft } from './npuw-no-more-devices-left.js';

// The knowledge base: every known real failure, one file each under this directory, in the order they are tried.
// Each has its verbatim text in test/fixtures/known-failures/<id>.txt and is listed in the README's table.
export const KNOWN_FAILURES: readonly KnownFailure[] = [
  // The kernel driver, its firmware and the NPU's user-mode driver (intel/linux-npu-driver, the kernel, distributions)
  npuElfMappedInferenceVersionMismatch,
  npuFirmwareMissingAtProbe,
  npuMmuTranslationFault,
  npuContextAddressSpaceFull,
  npuLevelZeroBackendMissingStaleLoader,
  npuDriverCompilerUnboundedDynamicShape,
  npuLeftPoweredAfterFailedProbe,
  npuRecoveryAfterHang,
  // OpenVINO, its NPU plugin and the NPU compiler (openvinotoolkit repositories): most specific first
  npuNotListedWithoutLevelZeroLoader,
  npuNotListedWithoutNpuUserModeDriver,
  npuCompilerLlvmAbortOnLlm,
  npuLlmGarbageOnOneGeneration,
  npuDynamicShapeWithoutUpperBounds,
  npuToShapeOnDynamicShape,
  npuNonBroadcastableUnboundedDims,
  npuConvolutionChannelsUnbounded,
  npuBlockedLayoutInvalidArgument,
  npuCompilerUnresolvedMaterialization,
  npuCompilerDuplicateLocationNames,
  npuUnsupportedPrecision,
  npuIrOpsetUnknownToDriverCompiler,
  npuwNoMoreDevicesLeft,
  npuMaxTilesUnsupportedConfigKey,
  npuPluginCompilerLibraryMissing,
  npuGraphArgumentInvalidArgument,
  npuNoDevicesFoundAtCompile,
  npuDeviceLostAtInference,
  npuFenceSyncUnknownError,
  npuOutOfHostMemoryAtCompile,
];

export const KNOWN_FAILURE_RULES: readonly DiagnosisRule[] = KNOWN_FAILURES.map(knownFailureRule);
