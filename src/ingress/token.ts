import { createHash, timingSafeEqual } from "node:crypto";

/** Compares secrets in constant time whatever their lengths (hashing first equalises them). */
export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
