/**
 * CPU profiles of the measured part of a run only (node:inspector, so module loading and warm-up
 * stay out), in this process or, by IPC, in a host process.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

export const PROFILE_DIR = new URL("../results/profiles/", import.meta.url);

/** Starts sampling; the returned function stops and writes `<name>.cpuprofile`. */
export async function startProfile(): Promise<(name: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 1000 });
  await session.post("Profiler.start");
  return async (name) => {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(new URL(`${name}.cpuprofile`, PROFILE_DIR), JSON.stringify(profile));
  };
}

export async function profiled<T>(name: string, enabled: boolean, run: () => Promise<T> | T): Promise<T> {
  if (!enabled) return run();
  const stop = await startProfile();
  try {
    return await run();
  } finally {
    await stop(name);
  }
}
