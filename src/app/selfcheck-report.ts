/**
 * What the live-mode self-check found, as plain data: the banner (banner.ts) prints it for people and
 * GET /readyz serves it as JSON. Nothing in it is a secret: no app secret, token or key, and Feishu's
 * messages are scrubbed by the gateway before they get here.
 */

/** How one command stands: whether Feishu answers the call it depends on. */
export type CommandStatus =
  /** The call answered, or the command reads no Feishu data of its own (help, whoami, digest). */
  | { state: "ready" }
  /** Not checked yet: the token does not work yet. */
  | { state: "pending" }
  /** 99991672: the app has none of these scopes (Feishu names them; any one will do). */
  | { state: "missing-scope"; scopes: string[] }
  /** 121005: the app's creator lacks the admin console's meeting-management permission. */
  | { state: "no-vc-permission" }
  /** No answer: a network error, a timeout or a 5xx. */
  | { state: "unreachable"; code: number; message: string }
  /** Feishu answered with another error. */
  | { state: "refused"; code: number; message: string };

export interface CommandCheck {
  name: string;
  status: CommandStatus;
}

export interface TokenCheck {
  ok: boolean;
  /** Tries so far; 0 before the first answer. */
  attempts: number;
  /** The last failure, until a token is fetched. */
  error?: { code: number; message: string };
  /** True when Feishu refused the app id or secret themselves (10003, 10014): retrying will not help. */
  credentialsRefused?: boolean;
}

export type ConnectionReport =
  | {
      kind: "webhook";
      /** Where the bot listens on this machine. */
      listening: string;
      /** What to enter in the developer console, on the public HTTPS base URL (a placeholder when unknown). */
      register: { events: string; callbacks: string };
      publicUrlKnown: boolean;
    }
  | { kind: "websocket"; listening: string; state?: string };

export interface DigestReport {
  name: string;
  chats: string[];
  cron: string;
  timezone: string;
  /** "YYYY-MM-DD HH:mm" in the digest's zone; null when the expression fires no more. */
  nextRun: string | null;
  /** The commands of its sections that are not ready: the digest would post an error in their place. */
  notReady: string[];
}

export interface SelfCheckReport {
  mode: "live";
  /** "checking" until the token works and every command has been tried, then "done". */
  phase: "checking" | "done";
  appId: string;
  connection: ConnectionReport;
  token: TokenCheck;
  bot?: { openId: string; name: string };
  commands: CommandCheck[];
  admins: string[];
  /** Commands (and sub-commands) only admins may run: nobody can, when `admins` is empty. */
  adminsOnly: string[];
  digests: DigestReport[];
  /** ISO time the commands were last checked. */
  checkedAt?: string;
}
