/**
 * `npm run emulator`: the Feishu Open API emulator on its own, for pointing a bot (FEISHU_DOMAIN)
 * or curl at it. Port from PORT_EMULATOR (default 3100), tenant seed from EMULATOR_SEED.
 */
import { startEmulator } from "./emulator/index.js";
import { tenantSamples } from "./samples.js";

const DEFAULT_PORT = 3100;

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    port: intFromEnv("PORT_EMULATOR", DEFAULT_PORT),
    seed: intFromEnv("EMULATOR_SEED", 1),
  });
  const samples = tenantSamples(emulator.tenant);
  console.log(
    [
      `Feishu Open API emulator listening on ${emulator.url}`,
      `  app id:     ${emulator.appId}`,
      `  app secret: ${emulator.appSecret}`,
      `  tenant:     ${emulator.tenant.name}, seed ${emulator.tenant.seed}, today ${emulator.tenant.today} (${emulator.tenant.timezone})`,
      `  try:        meeting numbers ${samples.meetingNumbers.join(", ")}, meeting ${samples.meetingId}, a busy room day ${samples.busyDay}`,
      "Control API:",
      `  GET    ${emulator.url}/_emulator/calls | /sent | /messages | /callbacks | /tenant | /faults`,
      `  POST   ${emulator.url}/_emulator/faults  {endpoint, effect, times}`,
      `  DELETE ${emulator.url}/_emulator/faults`,
      `  POST   ${emulator.url}/_emulator/expire-tokens | /reset`,
      `  PUT    ${emulator.url}/_emulator/webhook  {eventUrl, cardUrl?, encryptKey?, verificationToken}`,
      `  POST   ${emulator.url}/_emulator/events/message | /events/card_action | /events/challenge`,
      "Ctrl-C to stop.",
    ].join("\n"),
  );
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
