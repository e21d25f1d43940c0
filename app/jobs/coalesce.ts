/**
 * Runs `send` for a key at most once at a time. A call made while the key's
 * send is under way does not start another beside it: it waits for the one
 * send that starts after the current one ends, which every call made in the
 * meantime shares. So each call is followed by a send that began after it was
 * made (what a notification needs: the work committed before the call is
 * seen), and a burst costs two sends, not one per call.
 */
export function coalescePerKey(send: (key: string) => Promise<void>): (key: string) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const next = new Map<string, Promise<void>>();
  const start = (key: string): Promise<void> => {
    const sent = send(key).finally(() => running.delete(key));
    running.set(key, sent);
    return sent;
  };
  return (key) => {
    const current = running.get(key);
    if (!current) return start(key);
    let following = next.get(key);
    if (!following) {
      const after = () => {
        next.delete(key);
        return start(key);
      };
      following = current.then(after, after);
      next.set(key, following);
    }
    return following;
  };
}
