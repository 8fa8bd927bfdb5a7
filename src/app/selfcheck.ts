/**
 * The live-mode self-check: the tenant token (tried again until it works), the bot's own info, then
 * one cheap call per command's scope (selfcheck-probes.ts), gathered with the admins and the digests
 * into one plain report. The banner and GET /readyz only render that report. Nothing here stops the
 * bot: a failure is reported, and the caller decides (main.ts exits on refused credentials).
 */
import { adminsOnlyPart, audienceOf } from "../commands/access.js";
import { argsFromText } from "../commands/define.js";
import { listCommands } from "../commands/registry.js";
import type { Config } from "../config/types.js";
import { FeishuError, type FeishuGateway } from "../feishu/index.js";
import type { Logger } from "../log/logger.js";
import type { Scheduler } from "../schedule/index.js";
import { localTime } from "../time/cron.js";
import { CREDENTIAL_CODES, statusOf } from "./selfcheck-outcome.js";
import { isProbed, PROBES } from "./selfcheck-probes.js";
import type { CommandCheck, CommandStatus, ConnectionReport, DigestReport, SelfCheckReport, TokenCheck } from "./selfcheck-report.js";

/** What the webhook URLs are shown on when the public base URL is not known. */
export const PUBLIC_URL_PLACEHOLDER = "https://<your public host>";
const DEFAULT_RETRY_MS = 10_000;

export interface SelfCheckDeps {
  config: Config;
  gateway: FeishuGateway;
  logger: Logger;
  now?: () => number;
  /** Wait between token tries while the token fails (default 10 s). */
  retryMs?: number;
  /** The HTTPS base URL Feishu reaches the bot at, when known. */
  publicUrl?: string;
  /** The long connection's state ("connected", "reconnecting"…), in websocket mode. */
  connectionState?: () => string;
  /** Given the finished report, or the report that says Feishu refused the credentials. */
  onReport?: (report: SelfCheckReport) => void;
}

export interface SelfCheckRun {
  /** Where the HTTP server listens. */
  listening: string;
  scheduler: Pick<Scheduler, "nextRuns">;
}

export interface SelfCheck {
  /** The report as it stands now (checking, then done). */
  report(): SelfCheckReport;
  /**
   * Runs the check, then hands the report to `onReport`: once finished, or as soon as Feishu refuses
   * the app's credentials (`token.credentialsRefused`). Resolves then, or once stopped; never rejects.
   */
  run(at: SelfCheckRun): Promise<void>;
  /** No more token tries. */
  stop(): void;
}

export function createSelfCheck(deps: SelfCheckDeps): SelfCheck {
  const { config, gateway, logger } = deps;
  const now = deps.now ?? Date.now;
  const retryMs = deps.retryMs ?? DEFAULT_RETRY_MS;
  let listening = "";
  let scheduler: SelfCheckRun["scheduler"] | undefined;
  let token: TokenCheck = { ok: false, attempts: 0 };
  let bot: SelfCheckReport["bot"];
  let checked: Map<string, CommandStatus> | undefined;
  let checkedAt: string | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  function report(): SelfCheckReport {
    const commands = commandChecks(checked);
    return {
      mode: "live",
      phase: checked ? "done" : "checking",
      appId: config.feishu.appId,
      connection: connectionReport(config, listening, deps.publicUrl ?? config.server.publicUrl, deps.connectionState),
      token: { ...token },
      ...(bot ? { bot } : {}),
      commands,
      admins: [...config.bot.admins],
      adminsOnly: adminsOnlyUses(config, now),
      digests: digestReports(config, scheduler, commands),
      ...(checkedAt ? { checkedAt } : {}),
    };
  }

  /** Tries the token (through bot info, which needs it) until it works; false when it never will. */
  async function untilToken(): Promise<boolean> {
    for (;;) {
      if (stopped) return false;
      try {
        bot = await gateway.getBotInfo();
        token = { ok: true, attempts: token.attempts + 1 };
        return true;
      } catch (error) {
        const failed = error instanceof FeishuError ? error : undefined;
        if (failed === undefined || failed.endpoint !== "tenant_token") {
          // The token worked; only the bot's info did not come.
          token = { ok: true, attempts: token.attempts + 1 };
          logger.warn({ err: error }, "self-check: the bot's info could not be read");
          return true;
        }
        const credentialsRefused = CREDENTIAL_CODES.has(failed.code);
        token = { ok: false, attempts: token.attempts + 1, error: { code: failed.code, message: failed.feishuMsg }, ...(credentialsRefused ? { credentialsRefused } : {}) };
        if (credentialsRefused) return false;
        logger.warn({ code: failed.code, retryInMs: retryMs }, "self-check: no tenant token yet; trying again");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  }

  async function probeAll(): Promise<Map<string, CommandStatus>> {
    const probeDeps = { gateway, config, now };
    const entries = await Promise.all(
      Object.entries(PROBES).map(async ([name, probe]) => {
        try {
          await probe.run(probeDeps);
          return [name, { state: "ready" }] as const;
        } catch (error) {
          return [name, statusOf(error, probe.scope)] as const;
        }
      }),
    );
    return new Map<string, CommandStatus>(entries);
  }

  return {
    report,
    async run(at) {
      listening = at.listening;
      scheduler = at.scheduler;
      try {
        if (await untilToken()) {
          checked = await probeAll();
          checkedAt = new Date(now()).toISOString();
        } else if (stopped) {
          return;
        }
        deps.onReport?.(report());
      } catch (error) {
        logger.error({ err: error }, "self-check failed");
      }
    },
    stop() {
      stopped = true;
      wake?.();
    },
  };
}

/** Every registered command: probed ones as found, the rest ready (a digest's sections are reported with the digest). */
function commandChecks(checked: Map<string, CommandStatus> | undefined): CommandCheck[] {
  return listCommands().map((command) => {
    if (isProbed(command.name)) return { name: command.name, status: checked?.get(command.name) ?? { state: "pending" } };
    return { name: command.name, status: { state: "ready" } };
  });
}

function connectionReport(config: Config, listening: string, publicUrl: string | undefined, state: (() => string) | undefined): ConnectionReport {
  if (config.feishu.connection === "websocket") return { kind: "websocket", listening, ...(state ? { state: state() } : {}) };
  const base = (publicUrl ?? PUBLIC_URL_PLACEHOLDER).replace(/\/+$/, "");
  return { kind: "webhook", listening, register: { events: `${base}/webhook/event`, callbacks: `${base}/webhook/card` }, publicUrlKnown: publicUrl !== undefined };
}

/**
 * Who-may-run restrictions nobody can pass without admins: whole commands app.yaml gives to admins,
 * and the admins-only uses of the others, found by running their own examples through their rule.
 */
function adminsOnlyUses(config: Config, now: () => number): string[] {
  const at = { now: now(), timeZone: config.bot.timezone, digests: [...config.digests.map((d) => d.name), "name"] };
  return listCommands().flatMap((command) => {
    if (audienceOf(config, command) === "admins") return [`/${command.name}`];
    if (!command.access.adminsOnly) return [];
    const uses = new Set<string>();
    for (const example of command.help.examples(at)) {
      try {
        const part = adminsOnlyPart(command, argsFromText(command, example.trim().split(/\s+/).slice(1), at));
        if (part !== undefined) uses.add(`/${command.name} ${part}`);
      } catch {
        // An example this rule cannot read tells nothing about who may run it.
      }
    }
    return [...uses];
  });
}

function digestReports(config: Config, scheduler: SelfCheckRun["scheduler"] | undefined, commands: CommandCheck[]): DigestReport[] {
  const next = new Map((scheduler?.nextRuns() ?? []).map((run) => [run.name, run.at]));
  const notReady = new Set(commands.filter((c) => c.status.state !== "ready" && c.status.state !== "pending").map((c) => c.name));
  return config.digests.map((digest) => {
    const at = next.get(digest.name);
    return {
      name: digest.name,
      chats: [...digest.chats],
      cron: digest.cron,
      timezone: digest.timezone,
      nextRun: at === undefined ? null : localTime(digest.timezone, at),
      notReady: [...new Set(digest.sections.map((section) => section.kind).filter((kind) => notReady.has(kind)))],
    };
  });
}
