/** Every Open API request the emulator received, in order, with what it answered. */
import type { EndpointName } from "../context.js";

export interface ApiCall {
  /** Emulator clock (ms) when the request arrived. */
  at: number;
  endpoint: EndpointName | "unknown";
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** 0 while unanswered (a hanging fault never answers). */
  status: number;
  /** The Feishu code in the body; -1 when the body has none (bare HTTP fault, 404, unanswered). */
  code: number;
}

export class CallLog {
  private entries: ApiCall[] = [];

  /** Records the request now; the returned entry is completed when the answer goes out. */
  start(call: Omit<ApiCall, "status" | "code">): ApiCall {
    const entry: ApiCall = { ...call, status: 0, code: -1 };
    this.entries.push(entry);
    return entry;
  }

  all(): ApiCall[] {
    return this.entries.map((c) => ({ ...c }));
  }

  clear(): void {
    this.entries = [];
  }
}
