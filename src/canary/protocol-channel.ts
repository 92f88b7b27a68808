// The file descriptor the worker writes its JSON lines on (types.ts WorkerMessage) and the launcher reads: a pipe
// of their own, so whatever native libraries print on stdout (the NPU plugin's logger writes to std::cout,
// openvinotoolkit/openvino src/plugins/intel_npu/src/utils/src/logger/logger.cpp, Logger::getBaseStream) can never
// be mixed into the protocol. The launcher opens it as the child's fourth stdio entry.
export const PROTOCOL_FD = 3;
