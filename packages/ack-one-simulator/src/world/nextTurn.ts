/**
 * A function that runs `fn` once on the next turn of the event loop, however
 * often it is called meanwhile; a throw is logged through `warn`, prefixed
 * with `label`.
 */
export function onceOnNextTurn(
  fn: () => void,
  warn: (message: string) => void,
  label: string,
): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      try {
        fn();
      } catch (e) {
        warn(`${label}: ${(e as Error).message}`);
      }
    });
  };
}
