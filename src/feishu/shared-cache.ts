/**
 * The second level of the query cache: answers that no longer change (a past day's report,
 * reservations or meeting list, an ended meeting; see SHARED_MIN_TTL_SECONDS), kept in the bot's
 * Store so that a replica asks Feishu only for what no replica has fetched yet.
 *
 * Values are normalised data: plain objects and arrays, strings, numbers, booleans, null,
 * undefined, Dates, and `Sensitive` (meeting passwords). They are written as JSON with every
 * non-primitive tagged, so that a Date comes back a Date and an absent field stays absent; any other
 * class instance makes the answer unshareable (it then stays in this process only).
 *
 * Passwords. A `Sensitive` is never written in clear: it is sealed with AES-256-GCM under a key
 * derived (HKDF-SHA256) from `secret`, the app secret, with the entry's cache key as associated
 * data (a sealed password cannot be moved to another entry). Why encrypt rather than leave such
 * answers out: about a third of meetings carry a password and nearly every page of a meeting-number
 * list holds one, so leaving them out would share little of list_by_no, the scarcest budget (100/min).
 * Why the app secret: whoever holds it can ask Feishu for the passwords directly, so a key derived
 * from it exposes nothing more, every replica already has it, and the store alone (a Redis dump,
 * the SQLite file) reveals no password. After the secret is rotated, old entries fail to open and
 * are fetched again. Without a secret, answers holding a password are not shared.
 *
 * Bounds: an entry larger than `maxBytes` is not shared; entries live no longer than the answer's
 * own TTL (hours), so the store holds at most what Feishu's budgets let the bot fetch in that time.
 * A store that fails is logged and skipped: the answer is fetched as without sharing.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import type { Store } from "../store/store.js";
import { Sensitive } from "./types.js";

export interface SharedCacheOptions {
  store: Store;
  /** Put before every key, e.g. "feishu:cache:"; every replica of one bot must use the same. */
  keyPrefix: string;
  /** The app secret, from which the key sealing passwords is derived; without it, answers holding one are not shared. */
  secret?: string | undefined;
  /** Encoded entries larger than this (bytes of JSON) are kept in-process only. Default 256 KiB. */
  maxBytes?: number;
  now?: () => number;
  /** The store failed (or held something unreadable); the cache went on without it. */
  onError?: (error: unknown, operation: "get" | "set") => void;
}

export const DEFAULT_SHARED_MAX_BYTES = 256 * 1024;
const FORMAT = 1;

/** What the store holds under one key. */
interface StoredEntry {
  v: typeof FORMAT;
  /** The full cache key: a guard against a digest collision, and the sealed passwords' associated data. */
  k: string;
  /** Expiry, ms since the epoch on the writer's clock (the store's own TTL is the authority). */
  exp: number;
  d: Encoded;
}

type Encoded = string | number | boolean | null | EncodedTagged;
type EncodedTagged =
  | ["u"]
  | ["n", "NaN" | "Infinity" | "-Infinity"]
  | ["d", number]
  | ["a", ...Encoded[]]
  | ["o", Record<string, Encoded>]
  | ["s", string, string, string];

/** A value holds something that cannot (or must not) go into the shared store. */
class Unshareable extends Error {}

export class SharedCache {
  private readonly store: Store;
  private readonly prefix: string;
  private readonly sealKey: Buffer | undefined;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private readonly onError: (error: unknown, operation: "get" | "set") => void;

  constructor(opts: SharedCacheOptions) {
    this.store = opts.store;
    this.prefix = opts.keyPrefix;
    this.sealKey = opts.secret ? deriveSealKey(opts.secret) : undefined;
    this.maxBytes = opts.maxBytes ?? DEFAULT_SHARED_MAX_BYTES;
    this.now = opts.now ?? (() => Date.now());
    this.onError = opts.onError ?? (() => undefined);
  }

  /** The shared answer under `key` with its remaining life, or undefined (absent, expired, unreadable). */
  async get(key: string): Promise<{ value: unknown; ttlMs: number } | undefined> {
    let raw: string | undefined;
    try {
      raw = await this.store.get(this.storeKey(key));
    } catch (error) {
      this.onError(error, "get");
      return undefined;
    }
    if (raw === undefined) return undefined;
    try {
      const entry = JSON.parse(raw) as StoredEntry;
      if (entry.v !== FORMAT || entry.k !== key) return undefined;
      const ttlMs = entry.exp - this.now();
      if (!(ttlMs > 0)) return undefined;
      return { value: this.decode(entry.d, key), ttlMs };
    } catch (error) {
      // Written by another version, or sealed under a rotated secret: fetched again, and overwritten.
      this.onError(error, "get");
      return undefined;
    }
  }

  /** Shares `value` for `ttlMs`; false when it was not (unshareable, too large, or the store failed). */
  async set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    if (!(ttlMs > 0)) return false;
    let text: string;
    try {
      const entry: StoredEntry = { v: FORMAT, k: key, exp: Math.floor(this.now() + ttlMs), d: this.encode(value, key) };
      text = JSON.stringify(entry);
    } catch (error) {
      if (error instanceof Unshareable) return false;
      throw error;
    }
    if (Buffer.byteLength(text) > this.maxBytes) return false;
    try {
      await this.store.set(this.storeKey(key), text, Math.ceil(ttlMs));
      return true;
    } catch (error) {
      this.onError(error, "set");
      return false;
    }
  }

  /** A digest: cache keys carry whole parameter lists (room ids, page tokens) and can be long. */
  private storeKey(key: string): string {
    return `${this.prefix}${createHash("sha256").update(key).digest("base64url")}`;
  }

  private encode(value: unknown, key: string): Encoded {
    if (value === undefined) return ["u"];
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
      return Number.isFinite(value) ? value : ["n", String(value) as "NaN" | "Infinity" | "-Infinity"];
    }
    if (typeof value !== "object") throw new Unshareable(`a ${typeof value} cannot be shared`);
    if (Array.isArray(value)) return ["a", ...value.map((item: unknown) => this.encode(item, key))];
    if (value instanceof Date) return ["d", value.getTime()];
    if (value instanceof Sensitive) return this.seal(value, key);
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new Unshareable("a class instance cannot be shared");
    const out: Record<string, Encoded> = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.encode(v, key);
    return ["o", out];
  }

  private decode(encoded: Encoded, key: string): unknown {
    if (encoded === null || typeof encoded !== "object") return encoded;
    switch (encoded[0]) {
      case "u":
        return undefined;
      case "n":
        return Number(encoded[1]);
      case "d":
        return new Date(encoded[1]);
      case "a":
        return encoded.slice(1).map((item) => this.decode(item as Encoded, key));
      case "o": {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(encoded[1])) out[k] = this.decode(v, key);
        return out;
      }
      case "s":
        return this.unseal(encoded, key);
      default:
        throw new Error(`shared cache: unknown tag in ${key}`);
    }
  }

  private seal(secret: Sensitive, key: string): EncodedTagged {
    if (!this.sealKey) throw new Unshareable("no key to seal a password with");
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.sealKey, iv);
    cipher.setAAD(Buffer.from(key));
    const sealed = Buffer.concat([cipher.update(secret.reveal(), "utf8"), cipher.final()]);
    return ["s", iv.toString("base64"), sealed.toString("base64"), cipher.getAuthTag().toString("base64")];
  }

  private unseal(encoded: ["s", string, string, string], key: string): Sensitive {
    if (!this.sealKey) throw new Error("shared cache: a sealed value, and no key to open it");
    const decipher = createDecipheriv("aes-256-gcm", this.sealKey, Buffer.from(encoded[1], "base64"));
    decipher.setAAD(Buffer.from(key));
    decipher.setAuthTag(Buffer.from(encoded[3], "base64"));
    const plain = Buffer.concat([decipher.update(Buffer.from(encoded[2], "base64")), decipher.final()]);
    return new Sensitive(plain.toString("utf8"));
  }
}

function deriveSealKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "feishu-bot shared cache", "sensitive values v1", 32));
}
