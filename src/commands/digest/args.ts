/**
 * `/digest [list]` → the list of digests; `/digest run <name>` → a preview of one. Whether the name
 * is configured is checked in the query, which clicks reach too: a button made before the config
 * changed may name a digest that is gone.
 */
import * as z from "zod";
import type { TextClock } from "../define.js";
import { UsageError } from "../usage.js";

/** Longer than any name app.yaml accepts (40), so the schema refuses only what no digest could be called. */
export const MAX_DIGEST_NAME = 64;

export const digestArgs = z.discriminatedUnion("action", [
  z.object({ action: z.literal("list") }).strict(),
  z.object({ action: z.literal("run"), name: z.string().min(1).max(MAX_DIGEST_NAME) }).strict(),
]);
export type DigestArgs = z.infer<typeof digestArgs>;

/** The clock is not needed: nothing in these words is relative to today. */
export function digestFromText(args: readonly string[], _clock: TextClock): DigestArgs {
  const words = args.map((arg) => arg.trim()).filter((arg) => arg !== "");
  if (words.length === 0 || (words.length === 1 && words[0]!.toLowerCase() === "list")) return { action: "list" };
  if (words[0]!.toLowerCase() !== "run") {
    throw new UsageError("digest", {
      zh: `看不懂「${words.join(" ")}」：用 /digest 列出摘要，或 /digest run <名称> 预览`,
      en: `"${words.join(" ")}" is not understood: /digest lists the digests, /digest run <name> previews one`,
    });
  }
  // Only the words and the clock reach this parser, not the config: /digest is where the names are.
  if (words.length !== 2) {
    throw new UsageError("digest", {
      zh: "请给出一个摘要名称：/digest 列出全部摘要",
      en: "Name one digest: /digest lists them",
    });
  }
  return { action: "run", name: words[1]! };
}
