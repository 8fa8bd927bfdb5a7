/** Identifiers shaped like Feishu's, random so that separate runs never collide. */
import { randomBytes } from "node:crypto";

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export const newMessageId = (): string => `om_${hex(16)}`;
export const newThreadId = (): string => `omt_${hex(6)}`;
export const newEventId = (): string => hex(16);
/** The delayed-update token a card callback carries ("c-" prefix, as card/update checks). */
export const newUpdateToken = (): string => `c-${hex(20)}`;
export const newNonce = (): string => hex(8);
