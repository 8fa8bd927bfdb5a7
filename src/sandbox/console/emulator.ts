/**
 * The console's only door to the sandbox: the emulator's control API over HTTP, as Feishu's own
 * client would reach Feishu. Nothing of the bot's internals is visible from here.
 */

/** One thing the bot sent or changed (the emulator's /_emulator/sent log), as the console reads it. */
export interface SentEntry {
  kind: "reply" | "create" | "patch" | "card_update" | "callback_card" | string;
  messageId: string;
  chatId: string;
  parentId?: string;
  threadId?: string;
  msgType: string;
  content: string;
  card?: unknown;
  /** When the emulator took it (its clock, which the bot shares in sandbox mode). */
  at?: number;
}

export interface Delivered {
  status: number;
  messageId: string;
}

export interface ClickResult {
  status: number;
  answer?: { card?: { data?: unknown } };
  toast?: { type?: string; content?: string };
  clientError?: { code: number; msg: string };
  delivered?: false;
  error?: string;
}

/** A file the bot uploaded (GET /_emulator/files/:file_key): its name and, for a workbook, its sheets' rows. */
export interface UploadedFileInfo {
  fileName: string;
  workbook?: { sheets: { name: string; rows: unknown[][] }[] };
}

export interface TenantUser {
  openId: string;
  name: string;
  external: boolean;
}

export interface EmulatorControl {
  sent(): Promise<SentEntry[]>;
  /** The entries after the first `since`, how long the whole log is, and how many resets it has been through. */
  sentSince(since: number): Promise<{ entries: SentEntry[]; total: number; generation: number }>;
  sendMessage(message: { text: string; messageId: string; chatId: string; chatType: "group" | "p2p"; senderOpenId: string }): Promise<Delivered>;
  click(click: { messageId: string; value: Record<string, unknown>; operatorOpenId: string; option?: string }): Promise<ClickResult>;
  users(): Promise<TenantUser[]>;
  /** The tenant's time zone: a date picker's option carries its UTC offset. */
  timezone(): Promise<string>;
  /** The file a file message names; undefined when the emulator does not know it. */
  file?(fileKey: string): Promise<UploadedFileInfo | undefined>;
}

/** The emulator answered a control call with an HTTP error: `status` says whose mistake it was. */
export class EmulatorRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorRefused";
  }
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new EmulatorRefused(response.status, `the emulator refused ${what} (HTTP ${response.status}): ${(await response.text()).slice(0, 200)}`);
  return (await response.json()) as T;
}

export function emulatorControl(emulatorUrl: string): EmulatorControl {
  const post = async <T>(path: string, body: unknown): Promise<T> =>
    json<T>(
      await fetch(`${emulatorUrl}/_emulator${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      path,
    );
  let users: Promise<TenantUser[]> | undefined;
  let tenant: Promise<{ users: TenantUser[]; timezone: string }> | undefined;
  // The tenant does not change while the sandbox runs: read it once.
  const readTenant = () => {
    tenant ??= fetch(`${emulatorUrl}/_emulator/tenant`).then((response) => json<{ users: TenantUser[]; timezone: string }>(response, "/tenant"));
    tenant.catch(() => (tenant = undefined));
    return tenant;
  };
  return {
    sent: async () => json<SentEntry[]>(await fetch(`${emulatorUrl}/_emulator/sent`), "/sent"),
    sentSince: async (since) => {
      const response = await fetch(`${emulatorUrl}/_emulator/sent?since=${since}`);
      const entries = await json<SentEntry[]>(response, "/sent");
      return {
        entries,
        total: Number(response.headers.get("x-sent-total") ?? since + entries.length),
        generation: Number(response.headers.get("x-sent-generation") ?? 0),
      };
    },
    sendMessage: ({ text, messageId, chatId, chatType, senderOpenId }) =>
      // In a group the bot hears only messages that @-mention it, so the console always does.
      post<Delivered>("/events/message", { text, messageId, chatId, chatType, senderOpenId, mentionBot: chatType === "group" }),
    click: ({ messageId, value, operatorOpenId, option }) =>
      post<ClickResult>("/events/card_action", { value, openMessageId: messageId, operatorOpenId, ...(option !== undefined ? { option } : {}) }),
    file: async (fileKey) => {
      const response = await fetch(`${emulatorUrl}/_emulator/files/${encodeURIComponent(fileKey)}`);
      return response.status === 404 ? undefined : json<UploadedFileInfo>(response, "/files");
    },
    users: () => {
      users ??= readTenant().then((read) => read.users.map(({ openId, name, external }) => ({ openId, name, external })));
      users.catch(() => (users = undefined));
      return users;
    },
    timezone: () => readTenant().then((read) => read.timezone),
  };
}
