/**
 * The live-mode banner: the self-check report as plain text for whoever started the bot, printed on
 * stdout beside the JSON logs. It says what to register, which commands work and why the others do
 * not, who the admins are, and when the digests run.
 */
import type { CommandStatus, ConnectionReport, DigestReport, SelfCheckReport, TokenCheck } from "./selfcheck-report.js";

const LABEL_WIDTH = 12;
const line = (label: string, text: string) => `  ${label.padEnd(LABEL_WIDTH)}${text}`;
const more = (text: string) => `  ${" ".repeat(LABEL_WIDTH)}${text}`;

export function renderBanner(report: SelfCheckReport): string[] {
  const { connection } = report;
  return [
    `Feishu meeting bot: live mode, app ${report.appId}, ${connection.kind === "webhook" ? "webhook" : "long connection (websocket)"}`,
    line("listening", `${connection.listening}  (GET /healthz, GET /readyz, GET /metrics)`),
    ...registerLines(connection),
    line("token", tokenText(report.token)),
    ...(report.bot ? [line("bot", `${report.bot.name} (${report.bot.openId})`)] : []),
    ...commandLines(report),
    ...adminLines(report),
    ...digestLines(report.digests),
  ];
}

function registerLines(connection: ConnectionReport): string[] {
  if (connection.kind === "websocket") {
    return [
      line("register", "long connection: nothing to register (developer console: receive events and callbacks through the long connection)"),
      ...(connection.state ? [more(`connection: ${connection.state}`)] : []),
    ];
  }
  return [
    line("register", "in the developer console, Events & Callbacks, as request URLs (public HTTPS):"),
    more(`events     ${connection.register.events}`),
    more(`callbacks  ${connection.register.callbacks}`),
    more(
      connection.publicUrlKnown
        ? "Feishu checks a URL when it is saved: keep the bot running while you save them."
        : "(your public HTTPS address in place of the placeholder; Feishu checks a URL when it is saved: keep the bot running)",
    ),
  ];
}

function tokenText(token: TokenCheck): string {
  if (token.ok) return "ok";
  if (!token.error) return "not fetched yet";
  const why = `code ${token.error.code}: ${token.error.message}`;
  if (token.credentialsRefused) return `REFUSED (${why}): check FEISHU_APP_ID and FEISHU_APP_SECRET`;
  return `FAILING (${why}) after ${token.attempts} tries; trying again`;
}

function commandLines(report: SelfCheckReport): string[] {
  const width = Math.max(...report.commands.map((c) => c.name.length)) + 3;
  return report.commands.map((command, i) => {
    const text = `${`/${command.name}`.padEnd(width)}${statusText(command.status)}`;
    return i === 0 ? line("commands", text) : more(text);
  });
}

export function statusText(status: CommandStatus): string {
  switch (status.state) {
    case "ready":
      return "ready";
    case "pending":
      return "not checked (no tenant token yet)";
    case "missing-scope":
      return `missing scope ${status.scopes.join(" or ")}: add it under Permissions & Scopes, then publish a new app version`;
    case "no-vc-permission":
      return "no VC permission (121005): the app's creator needs the meeting-management permission in the Feishu admin console";
    case "unreachable":
      return `unreachable (code ${status.code}: ${status.message})`;
    case "refused":
      return `refused by Feishu (code ${status.code}: ${status.message})`;
  }
}

function adminLines(report: SelfCheckReport): string[] {
  if (report.admins.length > 0) return [line("admins", report.admins.join(", "))];
  const blocked = report.adminsOnly.length > 0 ? report.adminsOnly.join(", ") : "the admins-only commands";
  return [
    line("admins", "none"),
    line("WARNING", `no admins: nobody can run ${blocked}; use /whoami to find your open_id,`),
    more("then list it under bot.admins in app.yaml (or BOT_ADMINS) and restart."),
  ];
}

function digestLines(digests: readonly DigestReport[]): string[] {
  if (digests.length === 0) return [line("digests", "none (digests: in app.yaml; /whoami in a chat gives the lines to paste)")];
  return digests.map((digest, i) => {
    const next = digest.nextRun === null ? "no next run" : `next run ${digest.nextRun} (${digest.timezone})`;
    const warning = digest.notReady.length > 0 ? `; NOT READY: ${digest.notReady.map((name) => `/${name}`).join(", ")}` : "";
    const text = `${digest.name} → ${digest.chats.join(", ")}; ${next}${warning}`;
    return i === 0 ? line("digests", text) : more(text);
  });
}
