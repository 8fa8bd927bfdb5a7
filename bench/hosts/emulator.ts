/**
 * The Feishu emulator in its own process, so that under load it takes no CPU time from the bot
 * (Feishu does not run on the bot's machine either). BENCH_EMULATOR holds its options.
 */
import { startEmulator, type EmulatorOptions, type FaultSpec } from "../../src/sandbox/emulator/index.js";
import { serveHost } from "../lib/child.js";

const options = JSON.parse(process.env.BENCH_EMULATOR ?? "{}") as EmulatorOptions;
const emulator = await startEmulator(options);

serveHost(
  { url: emulator.url, appId: emulator.appId, appSecret: emulator.appSecret },
  {
    injectFault: (spec) => emulator.injectFault(spec as FaultSpec),
    clearFaults: () => emulator.clearFaults(),
    /** Calls per endpoint and status since the last reset. */
    calls: () => {
      const counts: Record<string, number> = {};
      for (const call of emulator.calls()) counts[`${call.endpoint} ${call.status}`] = (counts[`${call.endpoint} ${call.status}`] ?? 0) + 1;
      return counts;
    },
    reset: () => emulator.reset(),
  },
  () => emulator.close(),
);
