export { loadConfig, type LoadOptions } from "./load.js";
export { ConfigError } from "./errors.js";
export { describeConfig } from "./describe.js";
export type * from "./types.js";
