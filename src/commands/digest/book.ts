/**
 * The digests added from chat (`/digest add`), kept in the state store's records so every replica
 * sharing the store sees them, beside app.yaml's. Each row is JSON checked with zod on every read: a
 * row that does not parse (written by another version, edited by hand) is skipped and logged, never a crash.
 * Commands reach the book through CommandDeps; the scheduler reads it too, and hears of changes
 * made on this replica at once (others notice on their next re-read, within a minute).
 */
import * as z from "zod";
import { CHAT_ID, cronProblem, DIGEST_DEFAULTS, DIGEST_NAME, MAX_SECTIONS } from "../../config/digest-schema.js";
import { isTimeZone } from "../../config/schema.js";
import type { DigestConfig, DigestSectionConfig, Locale } from "../../config/types.js";
import type { Records } from "../../store/store.js";
import { digestSectionArgs } from "./args.js";

/** The store collection of chat-added digests, one row per name. */
export const DIGEST_COLLECTION = "digests";

export interface ChatDigest {
  name: string;
  /** The chat it was added in, the one it posts into. */
  chatId: string;
  /** 5-field cron, read in `timeZone` (the bot's when it was added). */
  cron: string;
  /** What the admin typed, shown beside the cron. */
  schedule: string;
  timeZone: string;
  locale: Locale;
  sections: DigestSectionConfig[];
  paused: boolean;
  addedBy: string;
  /** ms since the epoch. */
  addedAt: number;
  /** When it was added or last resumed: a run before this is never caught up. */
  since: number;
}

/** What commands and the scheduler use; `add` is false when the name is taken already. */
export interface DigestBook {
  list(): Promise<ChatDigest[]>;
  get(name: string): Promise<ChatDigest | undefined>;
  add(digest: ChatDigest): Promise<boolean>;
  /** Replaces the stored digest of this name (pause, resume). */
  put(digest: ChatDigest): Promise<void>;
  /** True when this call removed it. */
  remove(name: string): Promise<boolean>;
  /** Called after each change made through this book (the scheduler re-reads at once). */
  onChange(listener: () => void): void;
}

// The cron and the zone are checked as add checked them: a row croner cannot read would otherwise
// pass here and throw later in every /digest list (each entry's next run), for every chat.
const chatDigestSchema = z.object({
  name: z.string().regex(DIGEST_NAME),
  chatId: z.string().regex(CHAT_ID),
  cron: z.string().refine((cron) => cronProblem(cron) === undefined),
  schedule: z.string(),
  timeZone: z.string().min(1).refine(isTimeZone),
  locale: z.enum(["zh", "en"]),
  // The sections as /digest add accepts them: a row is what an add wrote.
  sections: z.array(digestSectionArgs).min(1).max(MAX_SECTIONS),
  paused: z.boolean(),
  addedBy: z.string(),
  addedAt: z.number(),
  since: z.number(),
});

export interface DigestBookLogger {
  warn(details: object, message: string): void;
}

export function storeDigestBook(records: Records, logger: DigestBookLogger): DigestBook {
  const listeners: Array<() => void> = [];
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const read = (id: string, value: string): ChatDigest | undefined => {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      json = undefined;
    }
    const parsed = chatDigestSchema.safeParse(json);
    if (parsed.success && parsed.data.name === id) return parsed.data;
    logger.warn({ collection: DIGEST_COLLECTION, id }, "a stored digest does not parse; skipped");
    return undefined;
  };
  return {
    async list() {
      const rows = await records.list(DIGEST_COLLECTION);
      return rows.flatMap((row) => read(row.id, row.value) ?? []);
    },
    async get(name) {
      const value = await records.get(DIGEST_COLLECTION, name);
      return value === undefined ? undefined : read(name, value);
    },
    async add(digest) {
      const added = await records.add(DIGEST_COLLECTION, digest.name, JSON.stringify(chatDigestSchema.parse(digest)));
      if (added) changed();
      return added;
    },
    async put(digest) {
      await records.put(DIGEST_COLLECTION, digest.name, JSON.stringify(chatDigestSchema.parse(digest)));
      changed();
    },
    async remove(name) {
      const removed = await records.delete(DIGEST_COLLECTION, name);
      if (removed) changed();
      return removed;
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

/** A chat-added digest as the scheduler and the digest builder take one: posted into its one chat. */
export function chatDigestConfig(digest: ChatDigest): DigestConfig {
  return {
    name: digest.name,
    chats: [digest.chatId],
    cron: digest.cron,
    timezone: digest.timeZone,
    locale: digest.locale,
    sections: digest.sections,
    catchUpMinutes: DIGEST_DEFAULTS.catchUpMinutes,
  };
}
