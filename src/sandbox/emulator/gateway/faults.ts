/** Injected faults: which calls they hit (once, always, or a seeded share) and what they do. */
import { z } from "zod";
import type { EndpointName } from "../context.js";
import { createRng, type Rng } from "../tenant/rng.js";

const ENDPOINTS = [
  "tenant_token",
  "bot_info",
  "meeting_get",
  "meeting_list_by_no",
  "report_get_daily",
  "reservation_list",
  "push_overview",
  "chat_get",
  "department_get",
  "department_children",
  "file_upload",
  "message_reply",
  "message_create",
  "message_patch",
  "card_update",
] as const satisfies readonly EndpointName[];

export const faultSpecSchema = z.object({
  endpoint: z.enum([...ENDPOINTS, "*"]),
  effect: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("latency"), ms: z.number().int().min(0).max(600_000) }),
    z.object({ kind: z.literal("http"), status: z.number().int().min(100).max(599) }),
    z.object({
      kind: z.literal("code"),
      code: z.number().int(),
      httpStatus: z.number().int().min(100).max(599).optional(),
    }),
    z.object({ kind: z.literal("hang") }),
  ]),
  times: z.union([z.literal("once"), z.literal("always"), z.object({ share: z.number().min(0).max(1) })]),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;
export type FaultEffect = FaultSpec["effect"];

/** What the faults decided for one call: wait first, then possibly answer instead of the route. */
export interface FaultDecision {
  latencyMs: number;
  answer?: Exclude<FaultEffect, { kind: "latency" }>;
}

export class FaultRegistry {
  private readonly faults = new Map<string, FaultSpec>();
  private readonly rng: Rng;
  private counter = 0;

  constructor(seed: number) {
    this.rng = createRng(seed ^ 0x5eed);
  }

  add(spec: FaultSpec): string {
    const id = `fault-${++this.counter}`;
    this.faults.set(id, faultSpecSchema.parse(spec));
    return id;
  }

  clear(): void {
    this.faults.clear();
  }

  list(): { id: string; spec: FaultSpec }[] {
    return [...this.faults].map(([id, spec]) => ({ id, spec }));
  }

  /** Latency faults add up; the first other fault that fires answers the call. */
  decide(endpoint: EndpointName): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const [id, spec] of this.faults) {
      if (spec.endpoint !== "*" && spec.endpoint !== endpoint) continue;
      if (decision.answer && spec.effect.kind !== "latency") continue;
      if (!this.fires(spec)) continue;
      if (spec.times === "once") this.faults.delete(id);
      if (spec.effect.kind === "latency") decision.latencyMs += spec.effect.ms;
      else decision.answer = spec.effect;
    }
    return decision;
  }

  private fires(spec: FaultSpec): boolean {
    if (typeof spec.times === "object") return this.rng.next() < spec.times.share;
    return true;
  }
}
