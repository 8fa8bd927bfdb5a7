/** Golden files: expected cards stored as JSON. `UPDATE_GOLDEN=1 npx vitest run test/cards` rewrites them, deliberately. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import { cardContentFailed } from "../../src/sandbox/emulator/messaging/errors.js";

/**
 * Throws unless the emulator's card check (the one behind send, reply, patch and card update)
 * accepts the card, with the error Feishu would answer, so a golden card cannot be one Feishu refuses.
 */
export function assertValidCard(card: unknown, name = "card"): void {
  const check = checkCard(card);
  if (!check.ok) throw new Error(`${name} would be refused by Feishu: ${cardContentFailed(check.problem).msg}`);
}

export function readGolden(name: string, actual: unknown): unknown {
  const file = fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
  assertValidCard(actual, `the rendered ${name} card`);
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
  const golden: unknown = JSON.parse(readFileSync(file, "utf8"));
  assertValidCard(golden, `golden/${name}.json`);
  return golden;
}
