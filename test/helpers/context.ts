import { loadConfig } from "../../src/config/index.js";
import type { CommandContext, CommandDeps } from "../../src/commands/types.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";

/** A gateway for tests of commands that must not call Feishu: any call fails the test loudly. */
export const noGateway: FeishuGateway = new Proxy({} as FeishuGateway, {
  get(_target, name) {
    return () => Promise.reject(new Error(`unexpected Feishu call: ${String(name)}`));
  },
});

export function testDeps(overrides: Partial<CommandDeps> = {}): CommandDeps {
  return { gateway: noGateway, config: loadConfig({ env: {} }), now: Date.now, ...overrides };
}

export function testContext(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    chatId: "oc_1",
    chatType: "group",
    senderOpenId: "ou_asker",
    messageId: "om_1",
    locale: "zh",
    deps: testDeps(),
    ...overrides,
  };
}
