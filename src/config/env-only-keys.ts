import { hasPassword } from "./store-schema.js";

/**
 * Keys that belong in the environment, never in app.yaml: secrets (so the file can be committed and
 * shared) and the app id (whose presence is what switches the bot from sandbox to live). Matched
 * at any depth and in any spelling (app_secret, appSecret, app-secret), so a misplaced secret is
 * refused by name rather than reported as an unknown key.
 */
const ENV_ONLY: Readonly<Record<string, { variable: string; secret: boolean }>> = {
  appsecret: { variable: "FEISHU_APP_SECRET", secret: true },
  secret: { variable: "FEISHU_APP_SECRET", secret: true },
  encryptkey: { variable: "FEISHU_ENCRYPT_KEY", secret: true },
  verificationtoken: { variable: "FEISHU_VERIFICATION_TOKEN", secret: true },
  statekey: { variable: "BOT_STATE_KEY", secret: true },
  statekeyprevious: { variable: "BOT_STATE_KEY_PREVIOUS", secret: true },
  previousstatekey: { variable: "BOT_STATE_KEY_PREVIOUS", secret: true },
  token: { variable: "FEISHU_VERIFICATION_TOKEN", secret: true },
  appid: { variable: "FEISHU_APP_ID", secret: false },
};

export interface EnvOnlyCheck {
  /** The data with those keys removed, so validation does not report them a second time. */
  rest: unknown;
  problems: string[];
}

export function refuseEnvOnlyKeys(data: unknown, label: string): EnvOnlyCheck {
  const problems: string[] = [];
  const rest = strip(data, [], label, problems);
  return { rest, problems };
}

function strip(value: unknown, path: string[], label: string, problems: string[]): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const rule = ENV_ONLY[key.toLowerCase().replace(/[^a-z]/g, "")];
    const where = `${label} ${[...path, key].join(".")}`;
    if (rule?.secret) {
      problems.push(`${where} is a secret and is not read from the file (value hidden): set the ${rule.variable} environment variable instead`);
    } else if (rule) {
      problems.push(`${where} is not read from the file: set the ${rule.variable} environment variable instead`);
    } else if (path.join(".") === "store" && key === "url" && typeof item === "string" && hasPassword(item.trim())) {
      // A URL with credentials (store.url: redis://:password@host): the password is a secret too.
      problems.push(`${where} carries a password and is not read from the file (value hidden): set the REDIS_URL environment variable instead`);
    } else {
      kept[key] = strip(item, [...path, key], label, problems);
    }
  }
  return kept;
}
