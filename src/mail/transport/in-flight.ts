/**
 * Keeps count of a transport's sends in progress so that close() can wait
 * for them, and refuses new ones once closing (nodemailer's pool never calls
 * back for a message sent after close(): a promise would hang forever).
 */
export interface InFlight {
  run<T>(send: () => Promise<T>): Promise<T>;
  /** Refuses new sends, then resolves once those in progress have settled. */
  drain(): Promise<void>;
}

export function trackInFlight(name: string): InFlight {
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  return {
    run(send) {
      if (closed) return Promise.reject(new Error(`${name} transport: closed; open a new one to send`));
      const promise = send();
      pending.add(promise);
      const forget = () => pending.delete(promise);
      promise.then(forget, forget);
      return promise;
    },
    async drain() {
      closed = true;
      await Promise.allSettled([...pending]);
    },
  };
}
