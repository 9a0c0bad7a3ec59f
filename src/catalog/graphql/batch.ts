/**
 * Request-scoped batching for field resolvers (`items` of 100 resources is one query, not 100):
 * keys asked for while a request resolves one level are loaded together on the next
 * setImmediate, after the pending microtasks (Nest's resolver plumbing) have run.
 */
export class Batcher<K, V> {
  private readonly cache = new Map<K, Promise<V | undefined>>();
  private pending: { key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly load: (keys: K[]) => Promise<Map<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V | undefined>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush());
      this.pending.push({ key, resolve, reject });
    });
    this.cache.set(key, promise);
    return promise;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const values = await this.load([...new Set(batch.map((entry) => entry.key))]);
      for (const entry of batch) entry.resolve(values.get(entry.key));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}

/** One Batcher per request context object (and per kind of load). */
export class PerRequest<K, V> {
  private readonly batchers = new WeakMap<object, Batcher<K, V>>();

  constructor(private readonly load: (keys: K[]) => Promise<Map<K, V>>) {}

  for(context: object): Batcher<K, V> {
    let batcher = this.batchers.get(context);
    if (!batcher) {
      batcher = new Batcher(this.load);
      this.batchers.set(context, batcher);
    }
    return batcher;
  }
}
