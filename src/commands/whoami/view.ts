/**
 * The /whoami view: the chat's id and the asker's open_id, both from Feishu's event, and the exact
 * app.yaml lines (and the BOT_ADMINS line) that use them. It shows the asker nobody else's id.
 */
export interface WhoamiView {
  kind: "whoami";
  chatId: string;
  chatType: "p2p" | "group";
  openId: string;
  isAdmin: boolean;
  /** A `digests:` entry posting into this chat. */
  digestYaml: string;
  /** Making the asker an admin; absent when they already are one. */
  admin?: { yaml: string; env: string };
}

/**
 * Ids as Feishu writes them (oc_…, ou_…). The lines are meant to be pasted into a config file, so an
 * id of any other shape (none ever is) is replaced by a placeholder rather than pasted.
 */
const ID_SHAPE = /^[A-Za-z0-9_-]{1,100}$/;
const pasteable = (id: string, placeholder: string) => (ID_SHAPE.test(id) ? id : placeholder);

export function buildWhoamiView(asker: { chatId: string; chatType: "p2p" | "group"; openId: string; isAdmin: boolean }): WhoamiView {
  const chat = pasteable(asker.chatId, "oc_…");
  const person = pasteable(asker.openId, "ou_…");
  const digestYaml = [
    "digests:",
    "  - name: daily",
    `    chats: [${chat}]`,
    '    cron: "0 9 * * 1-5"',
    "    sections:",
    "      - report",
    "      - rooms",
  ].join("\n");
  return {
    kind: "whoami",
    chatId: asker.chatId,
    chatType: asker.chatType,
    openId: asker.openId,
    isAdmin: asker.isAdmin,
    digestYaml,
    ...(asker.isAdmin ? {} : { admin: { yaml: ["bot:", `  admins: [${person}]`].join("\n"), env: `BOT_ADMINS=${person}` } }),
  };
}
