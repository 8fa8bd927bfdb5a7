/**
 * `npm run emulator`: the Feishu Open API emulator on its own, for pointing a bot (FEISHU_DOMAIN)
 * or curl at it. Port from EMULATOR_PORT (default 3100, as the README says), tenant seed from EMULATOR_SEED.
 * EMULATOR_SUBSCRIPTION=long_connection pushes events and card callbacks over Feishu's long
 * connection instead of a webhook, as if saved in the developer console.
 */
import { startEmulator, type SubscriptionMode } from "./emulator/index.js";
import { tenantSamples } from "./samples.js";

const DEFAULT_PORT = 3100;

function intFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${text}"`);
  return value;
}

function subscriptionFromEnv(): SubscriptionMode {
  const text = process.env["EMULATOR_SUBSCRIPTION"];
  if (text === undefined || text === "" || text === "webhook") return "webhook";
  if (text === "long_connection") return text;
  throw new Error(`EMULATOR_SUBSCRIPTION must be webhook or long_connection, got "${text}"`);
}

async function main(): Promise<void> {
  const mode = subscriptionFromEnv();
  const emulator = await startEmulator({
    port: intFromEnv("EMULATOR_PORT", DEFAULT_PORT),
    seed: intFromEnv("EMULATOR_SEED", 1),
    subscription: { events: mode, callbacks: mode },
  });
  const samples = tenantSamples(emulator.tenant);
  const delivery =
    mode === "long_connection"
      ? [
          "Events and card callbacks: over the long connection (POST /callback/ws/endpoint, then ws://…/ws/v2).",
          "Start the bot with:",
          `  FEISHU_DOMAIN=${emulator.url} FEISHU_APP_ID=${emulator.appId} FEISHU_APP_SECRET=${emulator.appSecret} FEISHU_CONNECTION=websocket`,
          `  (pushes carry verification token ${emulator.verificationToken}, unless a webhook set another)`,
        ]
      : [
          "Events and card callbacks: to the webhook set with PUT /_emulator/webhook (EMULATOR_SUBSCRIPTION=long_connection for the long connection).",
          "Start the bot with:",
          `  FEISHU_DOMAIN=${emulator.url} FEISHU_APP_ID=${emulator.appId} FEISHU_APP_SECRET=${emulator.appSecret}`,
        ];
  console.log(
    [
      `Feishu Open API emulator listening on ${emulator.url}`,
      `  app id:     ${emulator.appId}`,
      `  app secret: ${emulator.appSecret}`,
      `  tenant:     ${emulator.tenant.name}, seed ${emulator.tenant.seed}, today ${emulator.tenant.today} (${emulator.tenant.timezone})`,
      `  try:        meeting numbers ${samples.meetingNumbers.join(", ")}, meeting ${samples.meetingId}, a busy room day ${samples.busyDay}`,
      ...delivery,
      "Control API:",
      `  GET    ${emulator.url}/_emulator/calls | /sent | /messages | /callbacks | /tenant | /faults`,
      `  POST   ${emulator.url}/_emulator/faults  {endpoint, effect, times}`,
      `  DELETE ${emulator.url}/_emulator/faults`,
      `  POST   ${emulator.url}/_emulator/expire-tokens | /reset`,
      `  PUT    ${emulator.url}/_emulator/webhook  {eventUrl, cardUrl?, encryptKey?, verificationToken}`,
      `  POST   ${emulator.url}/_emulator/events/message | /events/card_action | /events/challenge`,
      `  GET    ${emulator.url}/_emulator/subscription | /long-connection/connections | /long-connection/violations`,
      `  PUT    ${emulator.url}/_emulator/subscription  {events?, callbacks?: webhook | long_connection} (long_connection needs a client online)`,
      `  POST   ${emulator.url}/_emulator/long-connection/drop  {deviceId?} | /long-connection/drop-after-send  {times?}`,
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
