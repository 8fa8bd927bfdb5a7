/**
 * The long connection's frame: protobuf `pbbp2.Frame` (proto2), as the SDK's generated codec
 * defines it (node-sdk 1.74 lib/index.js, `pbbp2.Header` / `pbbp2.Frame`). Each WebSocket message
 * is one binary Frame. Defined here by reflection so the emulator imports nothing of the SDK; a
 * contract test holds it to the SDK's own codec.
 */
import protobuf from "protobufjs";

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  /** 0 control (ping/pong), 1 data (events and their acks). */
  method: number;
  headers: FrameHeader[];
  payloadEncoding?: string;
  payloadType?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

export const FrameMethod = { control: 0, data: 1 } as const;

const required = (type: string, id: number) => ({ rule: "required", type, id });
const optional = (type: string, id: number) => ({ type, id });

// Field ids and rules are the wire contract; names only matter to JS (the SDK's are camelCased).
const root = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: { fields: { key: required("string", 1), value: required("string", 2) } },
        Frame: {
          fields: {
            SeqID: required("uint64", 1),
            LogID: required("uint64", 2),
            service: required("int32", 3),
            method: required("int32", 4),
            headers: { rule: "repeated", type: "Header", id: 5 },
            payloadEncoding: optional("string", 6),
            payloadType: optional("string", 7),
            payload: optional("bytes", 8),
            LogIDNew: optional("string", 9),
          },
        },
      },
    },
  },
});
const FrameType = root.lookupType("pbbp2.Frame");

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.fromObject(frame)).finish();
}

/**
 * Throws when the bytes are not a Frame (a required field missing, a bad wire type). uint64s come
 * back as numbers whether or not protobufjs has Long support (the SDK switches it off globally).
 */
export function decodeFrame(bytes: Uint8Array): Frame {
  const message = FrameType.decode(bytes);
  const plain = FrameType.toObject(message, { longs: Number, arrays: true }) as Frame;
  return plain;
}

export function headerValue(frame: Frame, key: string): string | undefined {
  return frame.headers.find((h) => h.key === key)?.value;
}
