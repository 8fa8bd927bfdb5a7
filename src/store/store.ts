/**
 * The bot's shared state: one interface, three engines (memory for tests, SQLite for one host,
 * Redis for replicas on several hosts), one contract suite (test/store/contract.ts). The shape
 * follows the state adapters of Vercel's Chat SDK, kept to what the bot uses.
 *
 * Time. Memory and SQLite read the clock given as `now` (tests inject a fake one). Redis keeps
 * time itself: keys expire by `PX` and leases are compared with the server's `TIME`, so a fake
 * clock cannot move a Redis store; `expiresAt` and `leaseUntil` are then the server's milliseconds.
 */
export interface Store {
  /**
   * Sets `key` only when it is absent (or expired). Resolves true when this call set it: the
   * caller is the first to see the key. This is the dedupe primitive.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  /** Sets `key`, replacing any value; without `ttlMs` it lives until deleted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes `key` only while its value is still `expected`; true when this call deleted it. */
  compareAndDelete(key: string, expected: string): Promise<boolean>;

  /**
   * Takes the lock `name` for `ttlMs` unless someone holds it; undefined when held. Locks have a
   * namespace of their own (a lock and a key of the same name are different things).
   */
  acquireLock(name: string, ttlMs: number): Promise<Lock | undefined>;
  /** Moves the lock's expiry to now + `ttlMs`; false when this token no longer holds it (expired, or taken since). */
  extendLock(lock: Lock, ttlMs: number): Promise<boolean>;
  /** Frees the lock; false when this token no longer held it. Only the owner's token releases. */
  releaseLock(lock: Lock): Promise<boolean>;

  /** Work accepted and not yet done, kept durably; also the dedupe mark of what was accepted. */
  readonly inbox: Inbox;

  /** Small keyed collections that live until deleted (digests added from chat). */
  readonly records: Records;

  /** Lets go of files and connections; the data stays for the next open. */
  close(): Promise<void>;
}

export interface Lock {
  readonly name: string;
  /** Random per acquisition: whoever holds this token holds the lock. */
  readonly token: string;
  /** When the lock lapses unless extended (ms since the epoch, on the store's clock). */
  readonly expiresAt: number;
}

/**
 * A durable queue of accepted work with at-least-once delivery: an entry is added (durably) before
 * the sender is told "accepted", claimed by one worker under a lease, and completed when done.
 * A worker that dies leaves a claim whose lease runs out; the next claim takes it again (attempts + 1).
 */
export interface Inbox {
  /**
   * Records the entry durably (SQLite: committed with fsync; Redis: acknowledged by the server).
   * False, and nothing recorded, when an entry with this id was added within `dedupeTtlMs`, or is
   * still waiting or being worked on however old it is: the entry is its own dedupe mark.
   */
  add(id: string, payload: string, opts: { dedupeTtlMs: number }): Promise<boolean>;
  /**
   * Atomically takes the oldest entry that is pending, or claimed with an expired lease (a dead
   * worker's), for `owner` until now + `leaseMs`, and counts the attempt. Undefined when none is.
   */
  claim(owner: string, leaseMs: number): Promise<InboxEntry | undefined>;
  /**
   * Moves the lease to now + `leaseMs`. True while `owner` still holds the claim: also after its
   * lease ran out, as long as nobody has claimed the entry since (then false).
   */
  extend(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /**
   * Marks the entry done and drops its payload; its id stays as a dedupe mark until `dedupeTtlMs`
   * after it was added. False when `owner` does not hold the claim (never claimed, or claimed by another since).
   */
  complete(id: string, owner: string): Promise<boolean>;
  /** Gives the claim back: the entry is pending again, in its old place (a graceful shutdown). */
  release(id: string, owner: string): Promise<boolean>;
  /** Entries waiting (pending, or claimed with an expired lease) and being worked on (claimed, lease running). */
  counts(): Promise<{ pending: number; claimed: number }>;
}

/**
 * Named collections of string values by id, kept until deleted (no TTL): a SQLite table, a Redis
 * hash per collection. Meant for tens to hundreds of rows per collection, read whole with `list`.
 */
export interface Records {
  /** Stores `value` only when `collection` has no `id` yet; true when this call stored it (unique names). */
  add(collection: string, id: string, value: string): Promise<boolean>;
  /** Stores `value`, replacing any. */
  put(collection: string, id: string, value: string): Promise<void>;
  get(collection: string, id: string): Promise<string | undefined>;
  /** True when this call deleted the row. */
  delete(collection: string, id: string): Promise<boolean>;
  /** Every row of `collection`, ordered by id. */
  list(collection: string): Promise<Array<{ id: string; value: string }>>;
}

export interface InboxEntry {
  id: string;
  payload: string;
  /** Claims so far, this one included: 1 on the first claim. */
  attempts: number;
  /** When it was added (ms since the epoch, on the store's clock). */
  addedAt: number;
  claimedBy: string;
  leaseUntil: number;
}

/** The two levels the engines report at; a pino Logger fits. */
export interface StoreLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
