/**
 * How big each benchmark runs. The full run stays under about eight minutes (the 60 s
 * oversubscription run and the 3-minute overload run included); BENCH_QUICK=1 is a smoke run of
 * a few minutes, 1½ of them overload's (its kill run waits out the bot's 30 s inbox lease).
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
  overload: OverloadSettings;
  /** Fresh sandboxes, each running every command once; the emulator's round trip per call. */
  commandLatency: { rounds: number; latencyMs: number };
}

/** The `overload` benchmark (issue 10): a flood of messages at the bot, answered through Feishu's send limits. */
export interface OverloadSettings {
  /** How long the flood lasts. */
  seconds: number;
  /** Messages of runs 1 and 2 in all: the ordinary users' commands, the rest from the heavy senders. */
  messages: number;
  ordinaryUsers: number;
  /** Group chats the ordinary users are spread over (the heavy senders spam some of them). */
  groups: number;
  commandsPerUser: number;
  heavySenders: number;
  /** Run 2: when the bot is killed (SIGKILL), from the first message. */
  killAtSeconds: number;
  /** Run 3: people in direct chats, each sending `perAsker` (within the per-person limit of 10 a minute). */
  manyAskers: { askers: number; perAsker: number };
  /** Give up waiting for the bot to go idle this long after the last message. */
  maxWaitSeconds: number;
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
    commandLatency: { rounds: quick ? 1 : 3, latencyMs: 80 },
    // Full: the issue's 5,000 messages in 30 s; run 3's 1,540 answers need at least 1.5 minutes of
    // Feishu's 1,000 sends a minute. Quick: 500 in 10 s, and a run 3 within the send budget.
    overload: quick
      ? { seconds: 10, messages: 500, ordinaryUsers: 20, groups: 4, commandsPerUser: 3, heavySenders: 4, killAtSeconds: 5, manyAskers: { askers: 20, perAsker: 5 }, maxWaitSeconds: 180 }
      : { seconds: 30, messages: 5_000, ordinaryUsers: 60, groups: 12, commandsPerUser: 4, heavySenders: 8, killAtSeconds: 15, manyAskers: { askers: 130, perAsker: 10 }, maxWaitSeconds: 420 },
  };
}

/** BENCH_ONLY=ingest,cards runs a subset (names as in bench/run.ts). */
export function selected(env: NodeJS.ProcessEnv = process.env): Set<string> | undefined {
  const only = env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  return only && only.length > 0 ? new Set(only) : undefined;
}
