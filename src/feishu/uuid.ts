import { createHash } from "node:crypto";

/**
 * Feishu drops a send whose `uuid` it has seen within the hour. Deriving the uuid from what the
 * message answers (the command's message_id, a digest's period) makes every retry of the same answer
 * safe. Hashed because the uuid is limited to 50 characters and ids are not.
 */
export function uuidFor(purpose: string, key: string): string {
  return createHash("sha256").update(`${purpose}\n${key}`).digest("hex").slice(0, 40);
}
