/**
 * Who the web console types and clicks as: the sandbox's admin or an ordinary member of the
 * tenant, and the chats each of them sees (the shared group, and their own direct chat with the bot).
 */
import { SANDBOX_CHATS } from "../emulator/messaging/index.js";
import { DEFAULT_SENDER_OPEN_ID } from "../emulator/events/index.js";
import type { TenantUser } from "../console/emulator.js";
import { choosePerson, p2pChatOf, type Person } from "../console/who.js";

export type Role = "admin" | "member";
export type ChatKind = "group" | "p2p";

export interface ConsoleSession {
  roles: Record<Role, Person>;
  chats: { group: { chatId: string; name: string }; p2p: Record<Role, string> };
}

/** The default user is not in the seeded directory: it is the person trying the sandbox. */
const SANDBOX_ADMIN_NAME = "沙盒管理员";

export function consoleSession(users: TenantUser[], admins: readonly string[]): ConsoleSession {
  const adminId = admins[0] ?? DEFAULT_SENDER_OPEN_ID;
  const admin: Person = { openId: adminId, name: users.find((user) => user.openId === adminId)?.name ?? SANDBOX_ADMIN_NAME };
  const chosen = choosePerson("member", users, admins);
  // A tenant of admins only still needs someone to be refused: an id nobody administers.
  const member: Person = typeof chosen === "string" ? { openId: "ou_sandbox_member", name: "Member" } : chosen;
  return {
    roles: { admin, member },
    chats: {
      group: { chatId: SANDBOX_CHATS.group, name: "沙盒群聊 Sandbox group" },
      p2p: { admin: p2pChatOf(admin), member: p2pChatOf(member) },
    },
  };
}

/** The chat a message typed as `role` in `chat` goes to. */
export function chatOf(session: ConsoleSession, chat: ChatKind, role: Role): string {
  return chat === "group" ? session.chats.group.chatId : session.chats.p2p[role];
}

/** open_id → name, for the person components on cards and the senders of typed messages. */
export function namesOf(users: TenantUser[], session: ConsoleSession): Map<string, string> {
  const names = new Map(users.map((user) => [user.openId, user.name]));
  for (const person of Object.values(session.roles)) if (!names.has(person.openId)) names.set(person.openId, person.name);
  return names;
}
