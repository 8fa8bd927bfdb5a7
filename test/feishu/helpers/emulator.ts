/** The emulator and a gateway wired to it the way the bot wires them, on ephemeral ports. */
import type { FeishuConfig } from "../../../src/config/types.js";
import { createLarkClient } from "../../../src/feishu/client.js";
import type { RetryPolicy } from "../../../src/feishu/call.js";
import { createFeishuGateway, type FeishuGateway, type FeishuGatewayOptions } from "../../../src/feishu/gateway.js";
import type { Logger } from "../../../src/log/logger.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../src/sandbox/emulator/index.js";
import { captureLog, type CapturedLog } from "./log-capture.js";

/** Wednesday 2024-06-12 15:00 in Shanghai: the fixed "now" of the emulated tenant. */
export const NOW = Date.parse("2024-06-12T15:00:00+08:00");
export const DAY_MS = 86_400_000;

export interface GatewayRig {
  emulator: Emulator;
  gateway: FeishuGateway;
  log: CapturedLog;
  close(): Promise<void>;
}

export interface RigOptions {
  emulator?: EmulatorOptions;
  httpTimeoutMs?: number;
  /** Defaults to the emulator's own secret. */
  appSecret?: string;
  /** Defaults to the emulator's URL. */
  domain?: string;
  /** Defaults to the production policy. */
  retry?: RetryPolicy;
  /** Limits, cache and clock of the gateway; its clock defaults to the emulator's. */
  gateway?: GatewayExtras;
}

export type GatewayExtras = Partial<Omit<FeishuGatewayOptions, "appId" | "logger" | "retry">>;

export function feishuConfig(emulator: Emulator, opts: RigOptions = {}): FeishuConfig {
  return {
    appId: emulator.appId,
    connection: "webhook",
    appSecret: opts.appSecret ?? emulator.appSecret,
    domain: opts.domain ?? emulator.url,
    httpTimeoutMs: opts.httpTimeoutMs ?? 5000,
    encryptKey: undefined,
    verificationToken: undefined,
    stateKey: undefined,
    previousStateKey: undefined,
  };
}

export function gatewayFor(cfg: FeishuConfig, logger: Logger, retry?: RetryPolicy, extras: GatewayExtras = {}): FeishuGateway {
  return createFeishuGateway(createLarkClient(cfg, logger), {
    appId: cfg.appId,
    logger,
    now: () => NOW,
    ...extras,
    ...(retry ? { retry } : {}),
  });
}

/** One try only: for tests that read how a single failure is reported. */
export const NO_RETRY: RetryPolicy = { attempts: 1, baseDelayMs: 0, deadlineMs: 0, maxResetWaitMs: 0 };

export async function startRig(opts: RigOptions = {}): Promise<GatewayRig> {
  const emulator = await startEmulator({ now: () => NOW, ...opts.emulator });
  const log = captureLog("debug");
  const gateway = gatewayFor(feishuConfig(emulator, opts), log.logger, opts.retry, {
    now: opts.emulator?.now ?? (() => NOW),
    ...opts.gateway,
  });
  return { emulator, gateway, log, close: () => emulator.close() };
}

/** Midnight of a YYYY-MM-DD day in Shanghai, the emulator's default zone. */
export function shanghaiMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** Every room of the emulator's tenant, asked for as Feishu's schema requires: its root level and the rooms listed. */
export function allRooms(emulator: Emulator): { roomLevelId: string; roomIds: string[] } {
  const root = emulator.tenant.roomLevels.find((l) => l.parentId === "0")!;
  return { roomLevelId: root.roomLevelId, roomIds: emulator.tenant.rooms.map((r) => r.roomId) };
}

/**
 * Meetings that ended before yesterday and started inside Feishu's 90 × 86,400 s look-back (with a
 * day to spare), oldest first: any of them is answered by meeting get at the emulator's clock `nowMs`.
 */
export function endedMeetings(emulator: Emulator, nowMs: number) {
  const nowSec = Math.floor(nowMs / 1000);
  return emulator.tenant.meetings.filter(
    (m) => m.endTime !== undefined && m.endTime < nowSec - 86_400 && m.startTime > nowSec - 89 * 86_400,
  );
}
