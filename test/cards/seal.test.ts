import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_SEALED_LENGTH, createButtonSeal, peekSealed, sealedButtonValues } from "../../src/cards/seal.js";

const keys = { appSecret: "app-secret", stateKey: undefined, previousStateKey: undefined };
const plain = { cmd: "meeting", args: ["6911188411934433028"], cursor: { back: [], page: 2, offset: 30 }, cid: "oc_a", ct: "p2p", issued: 1_718_000_000 };

/** The sealed text with one character of the payload or the MAC changed. */
function flip(text: string, at: number): string {
  const c = text[at]!;
  return `${text.slice(0, at)}${c === "A" ? "B" : "A"}${text.slice(at + 1)}`;
}

describe("sealed button values", () => {
  it("open what they sealed, and only that", () => {
    const seal = createButtonSeal(keys);
    const sealed = seal.seal(plain);
    expect(Object.keys(sealed)).toEqual(["s"]);
    expect(seal.open(sealed)).toEqual({ ok: true, value: plain });
    expect(peekSealed(sealed)).toEqual(plain);
  });

  it("refuse a value whose payload or MAC changed by one character", () => {
    const seal = createButtonSeal(keys);
    const text = seal.seal(plain).s as string;
    const dot = text.indexOf(".");
    for (const at of [0, Math.floor(dot / 2), dot - 1, dot + 1, text.length - 2]) {
      expect(seal.open({ s: flip(text, at) }).ok, `changed at ${at}`).toBe(false);
    }
  });

  it("refuse a payload re-encoded with other fields under the old MAC (chat type, chat, args, cursor, command)", () => {
    const seal = createButtonSeal(keys);
    const mac = (seal.seal(plain).s as string).split(".")[1]!;
    for (const forged of [
      { ...plain, ct: "group" },
      { ...plain, cid: "oc_other" },
      { ...plain, args: ["7000000000000000001"] },
      { ...plain, cursor: { back: [], page: 2, offset: 0 } },
      { ...plain, cmd: "report" },
      { ...plain, issued: 1_800_000_000 },
    ]) {
      const payload = Buffer.from(JSON.stringify(forged)).toString("base64url");
      expect(seal.open({ s: `${payload}.${mac}` })).toEqual({ ok: false, reason: "bad-seal" });
    }
  });

  it("refuse plain values, extra fields and values sealed with another key", () => {
    const seal = createButtonSeal(keys);
    expect(seal.open(plain)).toEqual({ ok: false, reason: "unsealed" });
    expect(seal.open({ ...seal.seal(plain), cmd: "help" })).toEqual({ ok: false, reason: "unsealed" });
    const other = createButtonSeal({ ...keys, appSecret: "another-app" });
    expect(seal.open(other.seal(plain))).toEqual({ ok: false, reason: "bad-seal" });
  });

  it("rotate: a state key replaces the app secret's key, and the previous state key is still accepted", () => {
    const old = createButtonSeal({ ...keys, stateKey: "key-1" });
    const rotated = createButtonSeal({ ...keys, stateKey: "key-2", previousStateKey: "key-1" });
    const afterward = createButtonSeal({ ...keys, stateKey: "key-2" });
    const card = old.seal(plain);
    expect(rotated.open(card).ok).toBe(true);
    expect(afterward.open(card).ok).toBe(false);
    expect(createButtonSeal(keys).open(card).ok).toBe(false);
    // New cards are sealed with the new key.
    expect(afterward.open(rotated.seal(plain)).ok).toBe(true);
  });

  it("accept only the one spelling of a MAC: base64url's spare bits in the last character do not verify", () => {
    const seal = createButtonSeal(keys);
    const text = seal.seal(plain).s as string;
    const last = text.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const siblings = [1, 2, 3].map((d) => alphabet[(alphabet.indexOf(last) & ~3) | ((alphabet.indexOf(last) + d) & 3)]!);
    for (const other of siblings) expect(seal.open({ s: `${text.slice(0, -1)}${other}` }).ok, other).toBe(false);
  });

  it("accept cards sealed under the app secret once a state key is first set, when that secret is named as the previous key", () => {
    const before = createButtonSeal({ appSecret: "the-app-secret" });
    const after = createButtonSeal({ appSecret: "the-app-secret", stateKey: "new-state-key", previousStateKey: "the-app-secret" });
    expect(after.open(before.seal(plain)).ok).toBe(true);
    expect(createButtonSeal({ appSecret: "the-app-secret", stateKey: "new-state-key" }).open(before.seal(plain)).ok).toBe(false);
  });

  it("never throw, whatever a client sends back", () => {
    const seal = createButtonSeal(keys);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(seal.open(value).ok).toBe(false);
        expect(seal.open({ s: JSON.stringify(value) }).ok).toBe(false);
      }),
    );
    expect(seal.open({ s: "a".repeat(MAX_SEALED_LENGTH + 1) })).toEqual({ ok: false, reason: "malformed" });
    expect(seal.open(null).ok).toBe(false);
  });

  it("put the chat and the issue time into the value the bot seals, over anything a command wrote", () => {
    const seal = createButtonSeal(keys);
    const map = sealedButtonValues(seal, { chatId: "oc_real", issuedAt: 1_718_000_123 });
    const opened = seal.open(map({ cmd: "rooms", args: { date: "2024-06-11" }, cid: "oc_fake", issued: 1 }));
    expect(opened).toEqual({ ok: true, value: { cmd: "rooms", args: { date: "2024-06-11" }, cid: "oc_real", issued: 1_718_000_123 } });
  });
});
