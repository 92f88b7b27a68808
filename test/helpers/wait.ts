// Waits until `check` gives a value, looking again every 10 ms. No deadline of its own: the test's timeout
// ends a wait that never comes true, so a busy machine only makes the test slower, never wrong.
export async function waitUntil<T>(check: () => T | undefined | false | null): Promise<T> {
  for (;;) {
    const value = check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
