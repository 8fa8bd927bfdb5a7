/**
 * Reads the request parameters of SDK methods from `@larksuiteoapi/node-sdk`'s own TypeScript
 * declarations (the machine-readable form of Feishu's official schemas) with the TypeScript
 * compiler: each section (path, params, data), each field, whether it is required and its type.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";

export type DeclaredType = { kind: "string" } | { kind: "number" } | { kind: "boolean" } | { kind: "string[]" } | { kind: "enum"; values: string[] } | { kind: "other"; text: string };

export interface DeclaredField {
  required: boolean;
  type: DeclaredType;
}

/** The SDK's section names: `params` is the query string, `data` the JSON body. */
export type DeclaredSections = Partial<Record<"path" | "params" | "data", Record<string, DeclaredField>>>;

export interface SdkDeclarations {
  /** The payload of `client.<dotted path>(payload)`, e.g. "vc.v1.resourceReservationList.get". */
  payloadOf(method: string): DeclaredSections;
}

export function loadSdkDeclarations(): SdkDeclarations {
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve("@larksuiteoapi/node-sdk/package.json")), "types", "index.d.ts");
  const program = ts.createProgram([file], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const client = checker.getExportsOfModule(module).find((symbol) => symbol.name === "Client");
  if (!client) throw new Error("the SDK declares no Client");
  const clientType = checker.getDeclaredTypeOfSymbol(client);

  const typeOf = (type: ts.Type): DeclaredType => {
    const t = checker.getNonNullableType(type);
    if (t.flags & ts.TypeFlags.String) return { kind: "string" };
    if (t.flags & ts.TypeFlags.Number) return { kind: "number" };
    if (t.flags & ts.TypeFlags.Boolean || t.flags & ts.TypeFlags.BooleanLiteral) return { kind: "boolean" };
    if (t.isUnion() && t.types.every((member) => member.isStringLiteral())) {
      return { kind: "enum", values: t.types.map((member) => (member as ts.StringLiteralType).value) };
    }
    if (checker.isArrayType(t)) {
      const [element] = checker.getTypeArguments(t as ts.TypeReference);
      if (element && element.flags & ts.TypeFlags.String) return { kind: "string[]" };
    }
    return { kind: "other", text: checker.typeToString(t) };
  };

  return {
    payloadOf(method) {
      let type: ts.Type = clientType;
      for (const name of method.split(".")) {
        const property = type.getProperty(name);
        if (!property) throw new Error(`the SDK's Client has no ${method} (stopped at ${name})`);
        type = checker.getTypeOfSymbol(property);
      }
      const [signature] = type.getCallSignatures();
      const payload = signature?.parameters[0];
      if (!payload) throw new Error(`${method} takes no payload`);
      const sections: DeclaredSections = {};
      for (const section of checker.getNonNullableType(checker.getTypeOfSymbol(payload)).getProperties()) {
        if (section.name !== "path" && section.name !== "params" && section.name !== "data") continue;
        const fields: Record<string, DeclaredField> = {};
        for (const field of checker.getNonNullableType(checker.getTypeOfSymbol(section)).getProperties()) {
          fields[field.name] = {
            required: (field.flags & ts.SymbolFlags.Optional) === 0,
            type: typeOf(checker.getTypeOfSymbol(field)),
          };
        }
        sections[section.name] = fields;
      }
      return sections;
    },
  };
}
