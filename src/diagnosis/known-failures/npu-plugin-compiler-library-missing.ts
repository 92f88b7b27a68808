import type { KnownFailure } from './known-failure.js';

// With NPU_COMPILER_TYPE=PLUGIN the NPU plugin compiles with its own compiler library instead of the NPU driver's, and
// the Linux OpenVINO wheels do not ship the library it loads (openvinotoolkit/openvino#36374: reproduced by Intel's
// support, confirmed on Fedora 44 with a Core Ultra 258V). OpenVINO: openvinotoolkit/openvino
// src/plugins/intel_npu/src/compiler_adapter/src/plugin_compiler_adapter.cpp loadVCLCompiler() turns any failure to
// load it into "VCL compiler loading failed, aborting. Error: <why>"; the library is
// libopenvino_intel_npu_compiler_loader.so in OpenVINO's library directory
// (src/plugins/intel_npu/src/utils/src/vcl/vcl_api.cpp VCLLoader::VCLLoader, ov::util::load_shared_object).
// npu-watch meets it in the canary run that forces NPU_COMPILER_TYPE=PLUGIN (the fake's fedora43 scenario replays it).
export const npuPluginCompilerLibraryMissing: KnownFailure = {
  id: 'npu-plugin-compiler-library-missing',
  title: "the NPU plugin could not load its own compiler library (NPU_COMPILER_TYPE=PLUGIN; Linux OpenVINO wheels lack it)",
  seen_in: ['canary', 'benchmark'],
  pattern: /VCL compiler loading failed, aborting/,
  meaning:
    "with NPU_COMPILER_TYPE=PLUGIN the NPU plugin compiles with the compiler library that ships with OpenVINO " +
    '(libopenvino_intel_npu_compiler_loader.so beside its own libraries) rather than the NPU driver\'s; it could not load it. ' +
    "The thread reports that the Linux OpenVINO wheels offer NPU_COMPILER_TYPE=PLUGIN but leave that library out; Intel's " +
    'support reproduced it with NPU_COMPILER_TYPE=PLUGIN, and it was confirmed on Fedora 44 with a Core Ultra 258V (Lunar Lake)',
  fix:
    "the thread is open without a fix: Intel's support (@Zulkifli-Intel) reproduced it, is checking with the development " +
    'team (a later comment gives Ref. 189055) and asked which platform the reporter uses. Only compiles that force NPU_COMPILER_TYPE=PLUGIN are named in the thread; the NPU ' +
    "driver's compiler (NPU_COMPILER_TYPE=DRIVER, from the intel-driver-compiler-npu package) is the other path",
  source: 'https://github.com/openvinotoolkit/openvino/issues/36374',
  // The plugin's compiler is the second path npu-watch tries: what the default compile shows stays a finding of its own.
  suppresses: [],
};
