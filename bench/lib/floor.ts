/**
 * The fastest a command could possibly be answered, from the Open API calls it made (the
 * emulator's call log) and Feishu's documented limits: the chain of calls that must follow one
 * another, each one network round trip, plus the wait the rate limits force on the busiest budget.
 * A lower bound on purpose: where a dependency is uncertain, the shorter chain is taken.
 */
import type { ApiCall, RoomLevel } from "../../src/sandbox/emulator/index.js";
import type { FeishuEndpoint } from "../../src/feishu/types.js";
import { DOCUMENTED_LIMITS, lanesFor, type LimitBudget } from "../../src/feishu/limits.js";

const SENDS = new Set(["message_reply", "message_create", "message_patch", "card_update"]);

export interface Floor {
  ms: number;
  /** Round trips that must follow one another: data calls, the token fetch if any, the answer's send. */
  chain: number;
  /** The wait the busiest budget forces (ms), and which budget. */
  rateWaitMs: number;
  rateBudget?: LimitBudget;
  /** Data calls per endpoint, for the summary. */
  calls: Record<string, number>;
}

/**
 * `calls`: what the command made, in arrival order. `answerSent`: false when the final card came back
 * in a card callback's answer (no API call of its own). `levels`: the tenant's room levels (parents).
 */
export function floorOf(calls: readonly ApiCall[], latencyMs: number, answerSent: boolean, levels: readonly RoomLevel[]): Floor {
  const data = calls.filter((c) => c.endpoint !== "unknown" && !SENDS.has(c.endpoint) && c.endpoint !== "tenant_token" && c.endpoint !== "bot_info");
  const parent = new Map(levels.map((l) => [l.roomLevelId, l.parentId]));
  const depth = new Map<ApiCall, number>();
  const depthOf = (call: ApiCall | undefined): number => (call ? (depth.get(call) ?? 0) : 0);
  const levelOf = (c: ApiCall) => stringParam(c, "room_level_id");
  for (const [i, call] of data.entries()) {
    const earlier = data.slice(0, i);
    let before = 0;
    if (stringParam(call, "page_token") !== undefined) {
      // A page token comes from the answer before it, to the same query.
      const key = queryKey(call);
      before = depthOf(earlier.filter((c) => c.endpoint === call.endpoint && queryKey(c) === key).at(-1));
    } else if ((call.endpoint === "room_list" || call.endpoint === "room_level_list") && levelOf(call) !== undefined) {
      // A level's id comes from listing its parent's children (or the top levels).
      const up = parent.get(levelOf(call)!);
      const lists = earlier.filter((c) => c.endpoint === "room_level_list");
      before = depthOf(lists.find((c) => up !== undefined && levelOf(c) === up) ?? lists.find((c) => levelOf(c) === undefined));
    } else if (call.endpoint === "reservation_list") {
      // room_ids come from the rooms' lists.
      before = Math.max(0, ...earlier.filter((c) => c.endpoint === "room_list").map(depthOf));
    } else if (call.endpoint === "room_mget") {
      // The room ids come from the meeting's participants.
      before = Math.max(0, ...earlier.filter((c) => c.endpoint === "meeting_get").map(depthOf));
    } else if (call.endpoint === "meeting_get") {
      // list_by_no answers oldest first with forward-only tokens: the newest meetings are on its last page.
      before = Math.max(0, ...earlier.filter((c) => c.endpoint === "meeting_list_by_no").map(depthOf));
    }
    depth.set(call, before + 1);
  }
  const token = calls.some((c) => c.endpoint === "tenant_token") ? 1 : 0;
  const chain = Math.max(0, ...depth.values()) + token + (answerSent ? 1 : 0);

  // Sliding windows with a full budget at the start: call k can go at floor(k / max) × window.
  const perBudget = new Map<LimitBudget, number>();
  for (const call of data) {
    for (const lane of lanesFor(call.endpoint as FeishuEndpoint, DOCUMENTED_LIMITS, undefined)) {
      perBudget.set(lane.budget, (perBudget.get(lane.budget) ?? 0) + 1);
    }
  }
  let rateWaitMs = 0;
  let rateBudget: LimitBudget | undefined;
  for (const [budget, n] of perBudget) {
    const wait = Math.max(...DOCUMENTED_LIMITS[budget].map((w) => (Math.ceil(n / w.max) - 1) * w.windowMs));
    if (wait > rateWaitMs) [rateWaitMs, rateBudget] = [wait, budget];
  }
  const counted: Record<string, number> = {};
  for (const c of data) counted[c.endpoint] = (counted[c.endpoint] ?? 0) + 1;
  return { ms: chain * latencyMs + rateWaitMs, chain, rateWaitMs, ...(rateBudget ? { rateBudget } : {}), calls: counted };
}

function stringParam(call: ApiCall, name: string): string | undefined {
  const value = call.query[name] ?? (call.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}

/** The query without its page token: the calls of one listing share it. */
function queryKey(call: ApiCall): string {
  const { page_token: _token, ...rest } = call.query;
  return JSON.stringify(rest);
}
