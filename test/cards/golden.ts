/** Golden files: expected cards stored as JSON. `UPDATE_GOLDEN=1 npx vitest run test/cards` rewrites them, deliberately. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function readGolden(name: string, actual: unknown): unknown {
  const file = fileURLToPath(new URL(`./golden/${name}.json`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === "1") {
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
  return JSON.parse(readFileSync(file, "utf8"));
}
