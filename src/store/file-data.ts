/**
 * The store file's format: one JSON object, readable by a person on call.
 *   {"version":1,"entries":{"<key>":{"value":"<value>","expiresAt":<ms since epoch>|null}}}
 */
import { CodedError, ERROR_CODES } from "../errors/coded.js";

export const FILE_FORMAT_VERSION = 1;

export interface FileEntry {
  value: string;
  /** Absolute expiry in ms since the epoch; undefined lives until deleted. */
  expiresAt: number | undefined;
}

export type FileEntries = Map<string, FileEntry>;

/** The file is not a store file any more (torn by something other than us, edited by hand, disk fault). */
export class CorruptStoreFileError extends CodedError {
  readonly errorCode = ERROR_CODES.store;
  constructor(readonly reason: string) {
    super(`store file is corrupt: ${reason}`);
    this.name = "CorruptStoreFileError";
  }
}

/** A newer bot wrote the file; refusing it keeps its data for that version instead of discarding it. */
export class UnsupportedStoreFileError extends CodedError {
  readonly errorCode = ERROR_CODES.store;
  constructor(path: string, version: unknown) {
    super(`store file ${path} has format version ${String(version)}; this bot reads version ${FILE_FORMAT_VERSION}`);
    this.name = "UnsupportedStoreFileError";
  }
}

/** Parses the file, leaving out keys already expired at `now`. */
export function parseStoreFile(path: string, text: string, now: number): FileEntries {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = text.length === 0 ? "the file is empty" : (error as Error).message;
    throw new CorruptStoreFileError(`not JSON (${detail})`);
  }
  if (!isObject(data)) throw new CorruptStoreFileError("the top level is not an object");
  if (data.version !== FILE_FORMAT_VERSION) {
    if (typeof data.version === "number" && data.version > FILE_FORMAT_VERSION) {
      throw new UnsupportedStoreFileError(path, data.version);
    }
    throw new CorruptStoreFileError(`unknown format version ${JSON.stringify(data.version)}`);
  }
  if (!isObject(data.entries)) throw new CorruptStoreFileError('"entries" is not an object');
  const entries: FileEntries = new Map();
  for (const [key, raw] of Object.entries(data.entries)) {
    const entry = parseEntry(raw);
    if (entry === undefined) throw new CorruptStoreFileError(`entry ${JSON.stringify(key)} is malformed`);
    if (!isExpired(entry, now)) entries.set(key, entry);
  }
  return entries;
}

export function serializeStoreFile(entries: FileEntries): string {
  // Object.fromEntries defines own properties, so keys such as "__proto__" round-trip as data.
  const out = Object.fromEntries(
    [...entries].map(([key, entry]) => [key, { value: entry.value, expiresAt: entry.expiresAt ?? null }]),
  );
  return `${JSON.stringify({ version: FILE_FORMAT_VERSION, entries: out })}\n`;
}

export function isExpired(entry: FileEntry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

function parseEntry(raw: unknown): FileEntry | undefined {
  if (!isObject(raw) || typeof raw.value !== "string") return undefined;
  const { expiresAt } = raw;
  if (expiresAt === null || expiresAt === undefined) return { value: raw.value, expiresAt: undefined };
  if (typeof expiresAt !== "number" || !Number.isFinite(expiresAt)) return undefined;
  return { value: raw.value, expiresAt };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
