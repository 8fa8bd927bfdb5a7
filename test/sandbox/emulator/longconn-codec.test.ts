/**
 * The emulator's pbbp2 frame against the SDK's own generated codec, both ways. The SDK does not
 * export it: it is reachable only through protobufjs's shared root once the SDK is loaded, which
 * only this contract test relies on.
 */
import { createRequire } from "node:module";
import * as lark from "@larksuiteoapi/node-sdk";
import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame, type Frame } from "../../../src/sandbox/emulator/longconn/frame.js";

interface SdkFrameType {
  encode(frame: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): Record<string, unknown>;
}

// Loading the SDK registers pbbp2 on the shared root.
expect(typeof lark.WSClient).toBe("function");
const sdk = (createRequire(import.meta.url)("protobufjs/minimal") as { roots: { default: { pbbp2?: { Frame: SdkFrameType } } } }).roots.default.pbbp2;

const full: Frame = {
  SeqID: 2 ** 40 + 3,
  LogID: 987654321,
  service: 33554678,
  method: 1,
  headers: [
    { key: "type", value: "event" },
    { key: "message_id", value: "m-1" },
    { key: "sum", value: "2" },
    { key: "seq", value: "1" },
  ],
  payloadEncoding: "json",
  payloadType: "event",
  payload: new TextEncoder().encode('{"schema":"2.0","中":1}'),
  LogIDNew: "log-new",
};

describe("pbbp2.Frame", () => {
  it("is the SDK's: what the emulator encodes the SDK decodes, uint64 as numbers", () => {
    if (!sdk) throw new Error("the SDK's pbbp2 codec is not on protobufjs's default root");
    const decoded = sdk.Frame.decode(encodeFrame(full));
    expect({ ...decoded, payload: Buffer.from(decoded["payload"] as Uint8Array).toString() }).toEqual({
      ...full,
      payload: '{"schema":"2.0","中":1}',
    });
  });

  it("reads what the SDK encodes (its ping and an ack)", () => {
    if (!sdk) throw new Error("the SDK's pbbp2 codec is not on protobufjs's default root");
    const ping = { headers: [{ key: "type", value: "ping" }], service: 42, method: 0, SeqID: 0, LogID: 0 };
    expect(decodeFrame(sdk.Frame.encode(ping).finish())).toEqual(ping);
    const ack = { ...full, headers: [...full.headers, { key: "biz_rt", value: "-3" }] };
    const back = decodeFrame(sdk.Frame.encode(ack).finish());
    expect(back).toEqual({ ...ack, payload: expect.anything() });
    expect(Buffer.from(back.payload ?? []).equals(Buffer.from(full.payload ?? []))).toBe(true);
  });

  it("is refused by both when a required field is missing", () => {
    if (!sdk) throw new Error("the SDK's pbbp2 codec is not on protobufjs's default root");
    // Field 1 (SeqID) only: LogID, service and method are missing.
    const partial = Uint8Array.from([0x08, 0x01]);
    expect(() => sdk.Frame.decode(partial)).toThrow(/missing required/);
    expect(() => decodeFrame(partial)).toThrow(/missing required/);
  });
});
