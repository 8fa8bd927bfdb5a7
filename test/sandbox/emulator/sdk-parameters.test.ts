/**
 * The emulator's parameter table (src/sandbox/emulator/parameters/table.ts) held to Feishu's
 * official schemas as the SDK declares them: the same fields, the same required ones, the same
 * types and enums; and, over HTTP, a call that leaves out any required field is refused while the
 * same call with every field is answered. A drift between the SDK, the emulator and the gateway
 * (which calls the SDK's typed methods, so it must send what they require) fails here.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EndpointName } from "../../../src/sandbox/emulator/context.js";
import { SANDBOX_CHATS } from "../../../src/sandbox/emulator/messaging/index.js";
import { parametersMarkdown, PARAMETERS_MARKDOWN_PATH } from "../../../src/sandbox/emulator/parameters/markdown.js";
import type { EndpointParameters, ParamRule } from "../../../src/sandbox/emulator/parameters/rules.js";
import { API_PARAMETERS } from "../../../src/sandbox/emulator/parameters/table.js";
import { latestPushDataDay } from "../../../src/sandbox/emulator/routes/push-overview.js";
import { DAY, NOW_SEC, TODAY_START, raw, startTestEmulator, tenantToken, type Started } from "./helpers.js";
import { loadSdkDeclarations, type DeclaredField, type DeclaredSections, type SdkDeclarations } from "./sdk-declarations.js";

type Section = "path_params" | "query" | "body";
const SDK_SECTION: Record<Section, keyof DeclaredSections> = { path_params: "path", query: "params", body: "data" };
const SECTIONS: readonly Section[] = ["path_params", "query", "body"];

/** One call: a value for every parameter it sends, by section. */
interface Call {
  path_params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: Record<string, unknown>;
}

// Read while the tests are collected: the list of required fields below comes from it.
const sdk: SdkDeclarations = loadSdkDeclarations();
let s: Started;
let token: string;
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
  token = await tenantToken(s.emulator);
}, 60_000);
afterAll(() => s.emulator.close());

const entries = Object.entries(API_PARAMETERS) as Array<[EndpointName, EndpointParameters]>;
const withSdk = entries.filter(([, spec]) => spec.sdk !== undefined);

function matches(rule: ParamRule, declared: DeclaredField): boolean {
  switch (declared.type.kind) {
    case "string":
      return rule.type === "string";
    case "number":
      return rule.type === "int";
    case "boolean":
      return rule.type === "bool";
    case "string[]":
      return rule.type === "string[]";
    case "enum":
      return rule.type === "enum" && [...rule.values].sort().join() === [...declared.type.values].sort().join();
    case "other":
      // An upload's file: `Buffer | fs.ReadStream` in the SDK (read as `any` here, its `fs` being
      // unresolved in the declarations' program), a file part of the multipart body on the wire.
      return rule.type === "file" && /Buffer|^any$/.test(declared.type.text);
    default:
      return false;
  }
}

/** A call with every parameter the bot could need, valid for the emulator's tenant now. */
async function fullCall(name: EndpointName): Promise<Call> {
  const tenant = s.emulator.tenant;
  const call: Call = { path_params: {}, query: {}, body: {} };
  switch (name) {
    case "tenant_token":
      call.body = { app_id: s.emulator.appId, app_secret: s.emulator.appSecret };
      break;
    case "meeting_get":
      call.path_params = { meeting_id: tenant.notable.largeMeetingId };
      call.query = { with_participants: "true", with_meeting_ability: "true", user_id_type: "open_id" };
      break;
    case "meeting_list_by_no":
      call.query = { meeting_no: tenant.notable.busyMeetingNo, start_time: String(NOW_SEC - 7 * DAY), end_time: String(NOW_SEC), page_size: "50" };
      break;
    case "report_get_daily":
      call.query = { start_time: String(TODAY_START - 7 * DAY), end_time: String(TODAY_START - 1) };
      break;
    case "reservation_list":
      call.query = {
        room_level_id: tenant.roomLevels.find((l) => l.parentId === "0")!.roomLevelId,
        room_ids: tenant.rooms.map((r) => r.roomId),
        start_time: String(TODAY_START),
        end_time: String(NOW_SEC),
        need_topic: "true",
        is_exclude: "false",
        page_size: "100",
      };
      break;
    case "room_list":
    case "room_level_list":
      call.query = { room_level_id: tenant.roomLevels.find((l) => l.parentId === "0")!.roomLevelId, page_size: "100" };
      break;
    case "room_mget":
      call.query = { user_id_type: "open_id" };
      call.body = { room_ids: tenant.rooms.slice(0, 3).map((r) => r.roomId) };
      break;
    case "push_overview":
      call.path_params = { app_id: s.emulator.appId };
      call.body = { date: latestPushDataDay(NOW_SEC, tenant.timezone), cycle_type: 1 };
      break;
    case "chat_get":
      call.path_params = { chat_id: SANDBOX_CHATS.p2p };
      call.query = { user_id_type: "open_id" };
      break;
    case "department_get":
      call.path_params = { department_id: tenant.departments[0]!.openDepartmentId };
      call.query = { user_id_type: "open_id", department_id_type: "open_department_id" };
      break;
    case "department_children":
      call.path_params = { department_id: "0" };
      call.query = { user_id_type: "open_id", department_id_type: "open_department_id", fetch_child: "true", page_size: "50" };
      break;
    case "file_upload":
      call.body = { file_type: "stream", file_name: "notes.txt", file: Buffer.from("hello") };
      break;
    case "message_reply":
      call.path_params = { message_id: await sentMessage() };
      call.body = { msg_type: "text", content: JSON.stringify({ text: "hi" }), uuid: `reply-${Math.random()}` };
      break;
    case "message_create":
      call.query = { receive_id_type: "chat_id" };
      call.body = { receive_id: SANDBOX_CHATS.group, msg_type: "text", content: JSON.stringify({ text: "hi" }) };
      break;
    case "message_patch":
      call.path_params = { message_id: await sentMessage(card()) };
      call.body = { content: JSON.stringify(card()) };
      break;
    case "card_update":
      // No callback was answered, so the token is unknown: the handler refuses it (300030), after the parameters passed.
      call.body = { token: "c-never-armed", card: card() };
      break;
    case "bot_info":
      break;
  }
  return call;
}

const card = () => ({ schema: "2.0", config: { update_multi: true }, body: { elements: [{ tag: "markdown", content: "hi" }] } });

/** A message the app sent into the sandbox group: something to reply to, or a card to patch. */
async function sentMessage(content: object = { text: "hi" }): Promise<string> {
  const sent = await raw(s.emulator, "POST", "/open-apis/im/v1/messages", {
    token,
    query: "receive_id_type=chat_id",
    body: { receive_id: SANDBOX_CHATS.group, msg_type: "schema" in content ? "interactive" : "text", content: JSON.stringify(content) },
  });
  expect(sent.json.code).toBe(0);
  return (sent.json.data as { message_id: string }).message_id;
}

function send(name: EndpointName, call: Call) {
  const spec = API_PARAMETERS[name];
  const path = spec.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(call.path_params[key] ?? ""));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(call.query)) for (const v of [value].flat()) query.append(key, v);
  return raw(s.emulator, spec.method, path, {
    ...(name === "tenant_token" ? {} : { token }),
    ...(query.size > 0 ? { query: query.toString() } : {}),
    ...(spec.method === "GET" ? {} : name === "file_upload" ? { form: multipart(call.body) } : { body: call.body }),
  });
}

/** An upload's body as the SDK sends it: text parts, and the file as a file part. */
function multipart(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    if (Buffer.isBuffer(value)) form.append(key, new Blob([value]), String(body["file_name"] ?? "file"));
    else form.append(key, String(value));
  }
  return form;
}

describe("the parameter table against the SDK's declarations", () => {
  it.each(withSdk)("%s: the same fields, required the same way, of the same types", (name, spec) => {
    const declared = sdk.payloadOf(spec.sdk!);
    for (const section of SECTIONS) {
      const ours = spec[section] ?? {};
      const theirs = declared[SDK_SECTION[section]] ?? {};
      expect(Object.keys(ours).sort(), `${name} ${section}`).toEqual(Object.keys(theirs).sort());
      for (const [field, rule] of Object.entries(ours)) {
        const sdkField = theirs[field]!;
        expect(matches(rule, sdkField), `${name} ${section}.${field}: ${rule.type} vs ${JSON.stringify(sdkField.type)}`).toBe(true);
        // A path parameter is always required: the URL cannot be built without it (meeting.get's
        // declaration marks its meeting_id optional, which no call can honour).
        const required = section === "path_params" ? true : sdkField.required;
        expect(rule.required === true, `${name} ${section}.${field} required`).toBe(required);
      }
    }
  });

  it("declares every endpoint the bot's gateway calls, each checked against an SDK method or a named page", () => {
    const gatewaySource = readFileSync(new URL("../../../src/feishu/types.ts", import.meta.url), "utf8");
    const endpoints = /export type FeishuEndpoint =([^;]+);/.exec(gatewaySource)![1]!.match(/"([a-z_]+)"/g)!.map((e) => e.slice(1, -1));
    expect(Object.keys(API_PARAMETERS).sort()).toEqual(endpoints.sort());
    for (const [, spec] of entries) expect(spec.sdk ?? spec.page).toBeTruthy();
  });

  it("is written out in PARAMETERS.md beside the emulator, up to date (npm run emulator:parameters)", () => {
    expect(readFileSync(PARAMETERS_MARKDOWN_PATH, "utf8")).toBe(parametersMarkdown());
  });
});

/** Each field the SDK declares as a number, a boolean or an enum, with a value of the wrong kind for it. */
function wronglyTyped(): Array<readonly [EndpointName, Section, string, unknown]> {
  return withSdk.flatMap(([name, spec]) => {
    const declared = sdk.payloadOf(spec.sdk!);
    return SECTIONS.filter((section) => section !== "path_params").flatMap((section) =>
      Object.entries(declared[SDK_SECTION[section]] ?? {}).flatMap(([field, f]) => {
        const wrong = f.type.kind === "number" ? "ten" : f.type.kind === "boolean" ? "maybe" : f.type.kind === "enum" ? "not_a_listed_value" : undefined;
        return wrong === undefined ? [] : [[name, section, field, wrong] as const];
      }),
    );
  });
}

/**
 * Each endpoint's required fields as the SDK declares them (path parameters always); for the two
 * endpoints the SDK has no method for, as their pages do (the table's rules).
 */
function requiredFields(name: EndpointName, spec: EndpointParameters): Array<readonly [EndpointName, Section, string]> {
  const declared = spec.sdk ? sdk.payloadOf(spec.sdk) : undefined;
  return SECTIONS.flatMap((section) => {
    const fields = declared
      ? Object.entries(declared[SDK_SECTION[section]] ?? {}).filter(([, f]) => f.required || section === "path_params")
      : Object.entries(spec[section] ?? {}).filter(([, rule]) => rule.required);
    return fields.map(([field]) => [name, section, field] as const);
  });
}

describe("the emulator refuses a call missing any field the SDK declares required", () => {
  const required = entries.flatMap(([name, spec]) => requiredFields(name, spec));

  it("covers the fields the issue named: room_level_id and room_ids of the reservation list", () => {
    const reservation = required.filter(([name]) => name === "reservation_list").map(([, , field]) => field);
    expect(reservation).toEqual(expect.arrayContaining(["room_level_id", "room_ids", "start_time", "end_time"]));
  });

  it("answers each endpoint's full call", async () => {
    for (const [name] of entries) {
      const answer = await send(name, await fullCall(name));
      // The delayed update gets past its parameters to the token check: no callback armed this token.
      expect(answer.json.code, `${name}: ${answer.text.slice(0, 200)}`).toBe(name === "card_update" ? 300030 : 0);
    }
  });

  it.each(required)("%s without %s.%s", async (name, section, field) => {
    const call = await fullCall(name);
    delete (call[section] as Record<string, unknown>)[field];
    const answer = await send(name, call);
    const refused = answer.status === 404 || (answer.json.code !== undefined && answer.json.code !== 0 && answer.json.code !== 300030);
    expect(refused, `${name} without ${field}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`).toBe(true);
    if (section !== "path_params" && name !== "tenant_token" && name !== "card_update") {
      expect(answer.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field }] } });
    }
  });
});

describe("the emulator refuses a value of the wrong type or outside its enum, as the SDK declares them", () => {
  const cases = wronglyTyped();

  it("refuses a boolean spelled as text in a JSON body (only a query string spells it so)", async () => {
    const call = await fullCall("message_reply");
    call.body.reply_in_thread = "true";
    expect((await send("message_reply", call)).json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "reply_in_thread" }] } });
    call.body.reply_in_thread = true;
    call.body.uuid = `reply-${Math.random()}`;
    expect((await send("message_reply", call)).json.code).toBe(0);
  });

  it("has such fields to try", () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)("%s with %s.%s = %j", async (name, section, field, wrong) => {
    const call = await fullCall(name);
    (call[section] as Record<string, unknown>)[field] = wrong;
    const answer = await send(name, call);
    if (name === "tenant_token") expect(answer.json.code).not.toBe(0);
    else expect(answer.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field }] } });
  });
});
