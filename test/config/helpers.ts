import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "bot-config-test-"));
let count = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a fresh YAML file under the OS temp directory and returns its path. */
export function yamlFile(text: string): string {
  const path = join(dir, `config-${++count}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** A path under the temp directory where no file exists. */
export function missingPath(): string {
  return join(dir, `absent-${++count}.yaml`);
}

export const LIVE_ENV = {
  FEISHU_APP_ID: "cli_a1b2c3d4e5f60718",
  FEISHU_APP_SECRET: "app-secret-Zq81xW",
  FEISHU_ENCRYPT_KEY: "encrypt-key-Pp37Yu",
  FEISHU_VERIFICATION_TOKEN: "verification-token-Kk09Lm",
} as const;
