/**
 * How big each benchmark runs. The full run stays under about four minutes (the 60 s
 * oversubscription run included); BENCH_QUICK=1 is a smoke run of about half a minute.
 */
export interface Settings {
  quick: boolean;
  /** Write CPU profiles of the ingest servers (BENCH_PROFILE=1) and print what costs what. */
  profile: boolean;
  ingest: {
    rounds: number;
    requestsPerRun: number;
    connections: number;
    warmup: number;
    stepPool: number;
  };
  commandTime: { commands: number; warmup: number };
  ackLatency: { rate: number; seconds: number; rounds: number; faultMs: number };
  coalescing: { commands: number };
  oversubscription: { seconds: number; multiple: number };
  /** quick: only the first candidate arguments of each command (the largest in practice). */
  cards: { minMs: number; allCandidates: boolean };
  memory: { events: number; chunk: number };
  /** Events (setIfAbsent + inbox.add) per engine and round. */
  store: { events: number; rounds: number };
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const quick = env.BENCH_QUICK === "1";
  return {
    quick,
    profile: env.BENCH_PROFILE === "1",
    ingest: quick
      ? { rounds: 1, requestsPerRun: 1_500, connections: 32, warmup: 500, stepPool: 500 }
      : { rounds: 3, requestsPerRun: 6_000, connections: 32, warmup: 2_000, stepPool: 2_000 },
    commandTime: quick ? { commands: 60, warmup: 10 } : { commands: 300, warmup: 30 },
    ackLatency: quick
      ? { rate: 100, seconds: 2, rounds: 1, faultMs: 2_500 }
      : { rate: 100, seconds: 4, rounds: 2, faultMs: 2_500 },
    coalescing: { commands: quick ? 30 : 100 },
    oversubscription: { seconds: quick ? 10 : 60, multiple: 10 },
    cards: { minMs: quick ? 100 : 400, allCandidates: !quick },
    memory: quick ? { events: 10_000, chunk: 10_000 } : { events: 100_000, chunk: 25_000 },
    store: quick ? { events: 1_000, rounds: 1 } : { events: 4_000, rounds: 2 },
  };
}

/** BENCH_ONLY=ingest,cards runs a subset (names as in bench/run.ts). */
export function selected(env: NodeJS.ProcessEnv = process.env): Set<string> | undefined {
  const only = env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  return only && only.length > 0 ? new Set(only) : undefined;
}
