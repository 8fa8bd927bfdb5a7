/**
 * The bot's small piece of shared state: keys with a lifetime. Memory now; file and Redis
 * implementations follow the same contract so any replica can share them.
 */
export interface Store {
  /**
   * Sets `key` only when it is absent (or expired). Resolves true when this call set it: the
   * caller is the first to see the key. This is the dedupe and lock primitive.
   */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  /** Sets `key`, replacing any value; without `ttlMs` it lives until deleted. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
