/**
 * Calls `handler` on Ctrl-C (SIGINT) while it is registered, instead of
 * letting Node end the process at once. Prompts in raw mode see Ctrl-C as
 * a key and cancel themselves; this covers the waits between prompts.
 * Returns a function that removes the handler.
 */
export function onInterrupt(handler: () => void): () => void {
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGINT', handler);
  };
}
