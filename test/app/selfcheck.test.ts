/**
 * The live-mode self-check against the emulator, through the real gateway and SDK: each command's
 * scope tried once, the report served at GET /readyz and printed as the banner; 503 until the token
 * works; a warning when nobody is an admin; refused credentials reported as such.
 */
import { afterEach, describe, expect, it } from "vitest";
import { renderBanner } from "../../src/app/banner.js";
import type { SelfCheckReport } from "../../src/app/selfcheck-report.js";
import { startBot, type RunningBot } from "../../src/app/start.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import { silentLogger } from "../../src/log/logger.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/sandbox/emulator/index.js";
import { waitFor } from "../helpers/sandbox.js";

const ADMIN = "ou_selfcheck_admin";

let emulator: Emulator | undefined;
let bot: RunningBot | undefined;
afterEach(async () => {
  await bot?.close();
  await emulator?.close();
  bot = undefined;
  emulator = undefined;
});

interface Started {
  emulator: Emulator;
  bot: RunningBot;
  /** The reports handed to onReport (the banner's input). */
  reports: SelfCheckReport[];
}

async function start(
  opts: { emulator?: EmulatorOptions; admins?: string[]; secret?: string; publicUrl?: string; before?: (e: Emulator) => void } = {},
): Promise<Started> {
  emulator = await startEmulator({ rateLimits: false, ...opts.emulator });
  opts.before?.(emulator);
  const loaded = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });
  const config: Config = {
    ...loaded,
    mode: "live",
    server: { ...loaded.server, port: 0, host: "127.0.0.1", publicUrl: opts.publicUrl },
    feishu: { ...loaded.feishu, appId: emulator.appId, appSecret: opts.secret ?? emulator.appSecret, domain: emulator.url, encryptKey: "k".repeat(32), verificationToken: "t".repeat(32) },
    bot: { ...loaded.bot, admins: opts.admins ?? [ADMIN] },
    digests: [
      { name: "morning", chats: ["oc_selfcheck_digest"], cron: "0 9 * * 1-5", timezone: "Asia/Shanghai", locale: "zh", sections: [{ kind: "report" }, { kind: "pushstats" }], catchUpMinutes: 0 },
    ],
  };
  const reports: SelfCheckReport[] = [];
  bot = await startBot(config, silentLogger(), { selfCheck: { retryMs: 50, onReport: (report) => reports.push(report) } });
  return { emulator, bot, reports };
}

async function readyz(url: string): Promise<{ status: number; body: SelfCheckReport & { ready: boolean }; text: string }> {
  const res = await fetch(`${url}/readyz`);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as SelfCheckReport & { ready: boolean }, text };
}

const states = (report: SelfCheckReport) => Object.fromEntries(report.commands.map((c) => [c.name, c.status.state]));

describe("self-check", () => {
  it("reports the command whose endpoint answers 99991672 as missing that scope, and the others ready", async () => {
    const { bot, reports } = await start({
      before: (e) => e.injectFault({ endpoint: "report_get_daily", effect: { kind: "code", code: 99991672 }, times: "always" }),
    });
    const report = await waitFor(() => reports[0], 10_000, "the self-check's report");
    expect(states(report)).toEqual({ help: "ready", whoami: "ready", meeting: "ready", rooms: "ready", report: "missing-scope", pushstats: "ready", digest: "ready" });
    expect(report.commands.find((c) => c.name === "report")!.status).toEqual({ state: "missing-scope", scopes: ["vc:report:readonly"] });
    // The digest that has a report section would post an error in its place.
    expect(report.digests).toEqual([expect.objectContaining({ name: "morning", chats: ["oc_selfcheck_digest"], notReady: ["report"] })]);
    expect(report.digests[0]!.nextRun).toMatch(/^\d{4}-\d\d-\d\d 09:00$/);

    const served = await readyz(bot.url);
    expect(served.status).toBe(200);
    expect(served.body.ready).toBe(true);
    expect(states(served.body)).toEqual(states(report));
    expect(served.body.connection).toMatchObject({ kind: "webhook", register: { events: "https://<your public host>/webhook/event", callbacks: "https://<your public host>/webhook/card" } });
    // Nothing secret: the app secret, the keys and the tenant token stay out of it.
    expect(served.text).not.toContain(emulator!.appSecret);
    expect(served.text).not.toContain("k".repeat(32));
    expect(served.text).not.toContain("t".repeat(32));
    expect(served.text).not.toMatch(/\bt-[A-Za-z0-9]/);
    // Served beside the webhooks: people's and chats' ids are counted, not listed.
    expect(served.body).toMatchObject({ admins: 1, digests: [{ name: "morning", chats: 1, notReady: ["report"] }] });
    expect(served.text).not.toContain("oc_selfcheck_digest");
    expect(served.text).not.toContain(report.admins[0]!);

    const banner = renderBanner(report).join("\n");
    expect(banner).toMatch(/\/report +missing scope vc:report:readonly/);
    expect(banner).toMatch(/\/meeting +ready/);
    expect(banner).toContain("https://<your public host>/webhook/event");
    expect(banner).toContain("https://<your public host>/webhook/card");
    expect(banner).toMatch(/morning → oc_selfcheck_digest; next run .* \(Asia\/Shanghai\); NOT READY: \/report/);
    expect(banner).not.toContain("WARNING");
  });

  it("prints the exact request URLs to register when server.public_url says where Feishu reaches the bot", async () => {
    const { reports } = await start({ publicUrl: "https://bot.example.com/feishu" });
    const report = await waitFor(() => reports[0], 10_000, "the self-check's report");
    const banner = renderBanner(report).join("\n");
    expect(banner).toMatch(/events +https:\/\/bot\.example\.com\/feishu\/webhook\/event\n/);
    expect(banner).toMatch(/callbacks +https:\/\/bot\.example\.com\/feishu\/webhook\/card\n/);
    expect(banner).not.toContain("<your public host>");
  });

  it("names the scopes Feishu names when the app lacks one", async () => {
    const { reports } = await start({ emulator: { scopes: [] } });
    const report = await waitFor(() => reports[0], 10_000, "the self-check's report");
    expect(report.commands.find((c) => c.name === "rooms")!.status).toEqual({ state: "missing-scope", scopes: ["vc:room:readonly", "vc:room"] });
  });

  it("says when the app has no VC permission", async () => {
    const { reports } = await start({ emulator: { vcAdminPermission: false } });
    const report = await waitFor(() => reports[0], 10_000, "the self-check's report");
    expect(states(report)).toMatchObject({ meeting: "no-vc-permission", rooms: "no-vc-permission", report: "no-vc-permission", pushstats: "ready" });
    expect(renderBanner(report).join("\n")).toMatch(/\/meeting +no VC permission \(121005\)/);
  });

  it("warns in the banner when there are no admins", async () => {
    const { reports } = await start({ admins: [] });
    const report = await waitFor(() => reports[0], 10_000, "the self-check's report");
    expect(report.adminsOnly).toEqual(["/report", "/pushstats", "/digest run"]);
    const banner = renderBanner(report).join("\n");
    expect(banner).toMatch(/WARNING +no admins: nobody can run \/report, \/pushstats, \/digest run; use \/whoami to find your open_id/);
  });

  it("serves 503 at /readyz while the token endpoint fails, and 200 once it works", async () => {
    const { bot, emulator, reports } = await start({
      before: (e) => e.injectFault({ endpoint: "tenant_token", effect: { kind: "http", status: 500 }, times: "always" }),
    });
    await waitFor(() => (bot.selfCheck!.report().token.attempts >= 1 ? true : undefined), 10_000, "a failed token try");
    const failing = await readyz(bot.url);
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({ ready: false, phase: "checking", token: { ok: false } });
    expect(states(failing.body).report).toBe("pending");
    expect(reports).toEqual([]);

    emulator.clearFaults();
    const report = await waitFor(() => reports[0], 10_000, "the report once the token works");
    expect(report.token.ok).toBe(true);
    const working = await readyz(bot.url);
    expect(working.status).toBe(200);
    expect(working.body).toMatchObject({ ready: true, phase: "done" });
  });

  it("reports refused credentials at once, without trying again", async () => {
    const { bot, reports } = await start({ secret: "not-the-secret" });
    const report = await waitFor(() => reports[0], 10_000, "the report of refused credentials");
    expect(report.token).toMatchObject({ ok: false, attempts: 1, credentialsRefused: true, error: { code: 10014 } });
    expect(renderBanner(report).join("\n")).toContain("REFUSED (code 10014");
    expect((await readyz(bot.url)).status).toBe(503);
    expect(JSON.stringify(report)).not.toContain("not-the-secret");
  });
});
