/**
 * What the SDK logs reaches our log with its secrets masked: the long connection's URL (logged by
 * the WSClient at debug) carries a ticket and an access key that let anyone connect as the app.
 */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createSdkLogger } from "../../src/feishu/sdk-logger.js";
import { createLogger } from "../../src/log/logger.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      callback();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), text: () => lines.join("\n") };
}

const URL = "wss://msg-frontier.feishu.cn/ws/v2?fpid=493&aid=552564&device_id=7342&access_key=ak-9f8e7d6c&service_id=33554678&ticket=tk-0a1b2c3d";

describe("createSdkLogger", () => {
  it("masks the ticket and access key of a long-connection URL, keeping the rest", () => {
    const { logger, text } = capture();
    const sdk = createSdkLogger(logger, []);
    sdk.debug(["[ws]", `get connect config success, ws url: ${URL}`]);
    sdk.error(["[ws]", new Error(`connect to ${URL} failed`)]);
    const out = text();
    expect(out).not.toContain("ak-9f8e7d6c");
    expect(out).not.toContain("tk-0a1b2c3d");
    expect(out).toContain("access_key=[redacted]");
    expect(out).toContain("ticket=[redacted]");
    expect(out).toContain("device_id=7342");
    expect(out).toContain("service_id=33554678");
  });

  it("masks the secrets it is given wherever they appear", () => {
    const { logger, text } = capture();
    createSdkLogger(logger, ["s3cr3t-app-secret"]).warn(["[ws]", "AppSecret s3cr3t-app-secret refused"]);
    expect(text()).not.toContain("s3cr3t-app-secret");
    expect(text()).toContain("[redacted]");
  });
});
