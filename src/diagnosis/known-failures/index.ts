import type { DiagnosisRule } from '../types.js';
import { knownFailureRule, type KnownFailure } from './known-failure.js';
import { npuElfMappedInferenceVersionMismatch } from './npu-elf-mapped-inference-version-mismatch.js';
import { npuFirmwareMissingAtProbe } from './npu-firmware-missing-at-probe.js';
import { npuMmuTranslationFault } from './npu-mmu-translation-fault.js';
import { npuContextAddressSpaceFull } from './npu-context-address-space-full.js';
import { npuLevelZeroBackendMissingStaleLoader } from './npu-level-zero-backend-missing-stale-loader.js';
import { npuDynamicShapeWithoutUpperBounds } from './npu-dynamic-shape-without-upper-bounds.js';
import { npuLeftPoweredAfterFailedProbe } from './npu-left-powered-after-failed-probe.js';

// The knowledge base: every known real failure, one file each under this directory, in the order they are tried.
// Each has its verbatim text in test/fixtures/known-failures/<id>.txt and is listed in the README's table.
export const KNOWN_FAILURES: readonly KnownFailure[] = [
  npuElfMappedInferenceVersionMismatch,
  npuFirmwareMissingAtProbe,
  npuMmuTranslationFault,
  npuContextAddressSpaceFull,
  npuLevelZeroBackendMissingStaleLoader,
  npuDynamicShapeWithoutUpperBounds,
  npuLeftPoweredAfterFailedProbe,
];

export const KNOWN_FAILURE_RULES: readonly DiagnosisRule[] = KNOWN_FAILURES.map(knownFailureRule);
