import { Mutex } from './mutex.js';
import type { OrtSessionLike } from './runtime.js';

/** One cached session: created once, shared by every run of its key, released when evicted or at dispose. */
export interface CachedSession {
  readonly key: string;
  /** Settles when the session exists; rejects with what its creation threw (it is then not cached). */
  readonly ready: Promise<OrtSessionLike>;
  /** The session once created: runs skip awaiting `ready` (no microtask on the hot path). */
  session: OrtSessionLike | undefined;
  /** What serializes its runs: the runtime's shared lock, or its own. */
  readonly lock: Mutex;
  /** Runs holding this entry: an entry in use is never evicted. */
  users: number;
  lastUse: number;
  /** The dims of the last run, reused while the length repeats. */
  dims: number[];
}

/**
 * The sessions of one backend, by key (op, attributes, dtype, and the length where the runtime
 * needs fixed shapes), least recently used idle ones released beyond `limit`. Session creation
 * and release go through the runtime's shared lock when it has one (onnxruntime-web: one wasm
 * instance or GPU device for every session), else each session's own.
 */
export class SessionCache {
  readonly #entries = new Map<string, CachedSession>();
  readonly #limit: number;
  readonly #sharedLock: Mutex | undefined;
  #tick = 0;

  constructor(limit: number, sharedLock: Mutex | undefined) {
    this.#limit = limit;
    this.#sharedLock = sharedLock;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The entry of `key`, made with `create` on first use, counted as in use until `done(entry)`.
   * A failed creation is not cached: the next use tries again (e.g. after a lost device).
   */
  use(key: string, create: () => Promise<OrtSessionLike>): CachedSession {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = this.#create(key, create);
      this.#entries.set(key, entry);
      this.#evictIdle();
    }
    entry.users++;
    return entry;
  }

  done(entry: CachedSession): void {
    entry.users--;
    entry.lastUse = ++this.#tick;
  }

  /** Releases every session; the backend calls it once no run holds one. */
  async clear(): Promise<void> {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => this.#release(entry)));
  }

  #create(key: string, create: () => Promise<OrtSessionLike>): CachedSession {
    const lock = this.#sharedLock ?? new Mutex();
    const entry: CachedSession = {
      key,
      ready: (this.#sharedLock ? this.#sharedLock.run(create) : create()).then(
        (session) => {
          entry.session = session;
          return session;
        },
        (error: unknown) => {
          if (this.#entries.get(key) === entry) this.#entries.delete(key);
          throw error;
        },
      ),
      session: undefined,
      lock,
      users: 0,
      lastUse: ++this.#tick,
      dims: [0],
    };
    // The rejection is each waiting run's to report; keep the cached promise from reporting it again.
    entry.ready.catch(() => {});
    return entry;
  }

  #evictIdle(): void {
    if (this.#entries.size <= this.#limit) return;
    const idle = [...this.#entries.values()].filter((e) => e.users === 0 && e.session !== undefined).sort((a, b) => a.lastUse - b.lastUse);
    for (const entry of idle.slice(0, this.#entries.size - this.#limit)) {
      this.#entries.delete(entry.key);
      void this.#release(entry);
    }
  }

  async #release(entry: CachedSession): Promise<void> {
    let session: OrtSessionLike;
    try {
      session = await entry.ready;
    } catch {
      return;
    }
    await entry.lock.run(() => session.release());
  }
}
