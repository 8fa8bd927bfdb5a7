/**
 * The files the page is made of: its own (page/, copied beside the compiled code by `npm run build`)
 * and VChart's browser build, straight from node_modules.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const PAGE_DIR = fileURLToPath(new URL("./page/", import.meta.url));

/** VChart's UMD build: one file, the global `VChart`. */
export const VCHART_BUNDLE = createRequire(import.meta.url).resolve("@visactor/vchart/build/index.min.js");

/**
 * Only the page's own scripts run; card content is escaped by the renderer and could not run a
 * script even if it slipped through. Inline styles stay allowed: the renderer sizes columns and
 * charts with them and VChart styles its tooltips.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");
