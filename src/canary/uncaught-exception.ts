// libstdc++'s verbose terminate handler, the default std::terminate handler of GCC-built programs (gcc
// libstdc++-v3/libsupc++/vterminate.cc, __gnu_cxx::__verbose_terminate_handler): for an exception nobody caught it
// writes to stderr
//   terminate called after throwing an instance of '<demangled type>'
//     what():  <exc.what()>
// and then calls abort(). openvino-node releases before the async compile fix (openvinotoolkit/openvino PR #34771)
// run `compileModel` on a std::thread with no try/catch (src/bindings/js/node/src/core_wrap.cpp,
// compileModelThreadModel / compileModelThreadPath), so a compile error there ends exactly this way.
const TERMINATE = "terminate called after throwing an instance of '";
const WHAT = '  what():  ';

export interface UncaughtException {
  // The demangled C++ type, e.g. "ov::Exception".
  type: string;
  // what(): may span lines (OpenVINO's "Exception from <file>:<line>:" chain); everything to the end of the text.
  message: string;
}

// The last uncaught C++ exception a process's stderr reports, or null (pure).
export function uncaughtException(stderr: string): UncaughtException | null {
  const at = stderr.lastIndexOf(TERMINATE);
  if (at < 0) return null;
  const rest = stderr.slice(at + TERMINATE.length);
  const typeEnd = rest.indexOf("'\n");
  if (typeEnd < 0) return null;
  const type = rest.slice(0, typeEnd);
  const after = rest.slice(typeEnd + 2);
  const message = after.startsWith(WHAT) ? after.slice(WHAT.length).replace(/\n+$/, '') : '';
  return { type, message };
}

// OpenVINO's own exceptions (ov::Exception and its subclasses, e.g. ov::NotImplemented): the runtime reporting an
// error, as opposed to a crash of the code around it.
export function isOpenvinoException(exception: UncaughtException): boolean {
  return exception.type === 'ov::Exception' || exception.type.startsWith('ov::');
}
