/**
 * Who the console types and clicks as (`:as`), and the direct chat that person has with the bot.
 * The sandbox's default user is its admin; anyone else in the tenant is an ordinary member.
 */
import { SANDBOX_CHATS } from "../emulator/messaging/index.js";
import { DEFAULT_SENDER_OPEN_ID } from "../emulator/events/index.js";
import type { TenantUser } from "./emulator.js";

export interface Person {
  openId: string;
  name: string;
}

export const DEFAULT_PERSON: Person = { openId: DEFAULT_SENDER_OPEN_ID, name: "you" };

/** Each person has their own direct chat with the bot; the default user's is the sandbox's seeded one. */
export function p2pChatOf(person: Person): string {
  return person.openId === DEFAULT_SENDER_OPEN_ID ? SANDBOX_CHATS.p2p : `oc_sandbox_p2p_${person.openId.replace(/^ou_/, "")}`;
}

/**
 * The person `:as WHO` names: `me` (the default user), `member` (the first tenant user who is not an
 * admin), an open_id, or a name (exact, else the one name containing it). A string is the reason
 * none was chosen.
 */
export function choosePerson(who: string, users: TenantUser[], admins: readonly string[]): Person | string {
  const wanted = who.trim();
  if (wanted === "me" || wanted === "admin") return DEFAULT_PERSON;
  const people = users.filter((user) => !user.external);
  if (wanted === "member") {
    const member = people.find((user) => !admins.includes(user.openId));
    return member ? { openId: member.openId, name: member.name } : "the tenant has no one who is not an admin";
  }
  if (/^ou_\w+$/.test(wanted)) {
    const known = users.find((user) => user.openId === wanted);
    return { openId: wanted, name: known?.name ?? wanted };
  }
  const lower = wanted.toLowerCase();
  const exact = people.filter((user) => user.name.toLowerCase() === lower);
  const matches = exact.length > 0 ? exact : people.filter((user) => user.name.toLowerCase().includes(lower));
  const [only, ...more] = matches;
  if (only && more.length === 0) return { openId: only.openId, name: only.name };
  if (!only) return `no one in the sandbox's tenant is called "${wanted}"; try :as member, :as me or an open_id (ou_…)`;
  return `"${wanted}" could be ${matches
    .slice(0, 5)
    .map((user) => `${user.name} (${user.openId})`)
    .join(", ")}${matches.length > 5 ? ", …" : ""}: say which`;
}
