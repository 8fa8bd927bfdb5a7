/**
 * Runs `task` after the current response has been written (next turn of the event loop), so
 * the HTTP 200 never waits for it. Its failure, synchronous or not, goes to `onError` only.
 */
export function runAfterResponse(task: () => Promise<void>, onError: (error: unknown) => void): void {
  setImmediate(() => {
    Promise.resolve()
      .then(task)
      .catch((error: unknown) => {
        try {
          onError(error);
        } catch {
          // A failing error reporter must not become an unhandled rejection.
        }
      });
  });
}
