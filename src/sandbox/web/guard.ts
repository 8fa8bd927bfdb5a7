/**
 * Who may use the console: a page opened at a loopback name, and no other site's page. The sandbox
 * listens on loopback, but a name that merely resolves there (DNS rebinding) or a page elsewhere in
 * the same browser could otherwise type into it and read its chats.
 */
import type { NextFunction, Request, Response } from "express";
import { CONTENT_SECURITY_POLICY } from "./assets.js";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Every /console request: a loopback Host, and the headers that keep the page to its own scripts. */
export function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  if (!LOOPBACK_HOSTS.has(hostnameOf(req.get("host")))) return void res.status(403).json({ error: "open the console at 127.0.0.1 or localhost" });
  res.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("cache-control", "no-store");
  next();
}

/** A POST: browsers send Origin on every cross-site POST, so one from elsewhere says so. */
export function sameOriginOnly(req: Request, res: Response, next: NextFunction): void {
  const origin = req.get("origin");
  if (origin === undefined || sameHost(origin, req.get("host"))) return next();
  res.status(403).json({ error: "the console answers only its own page" });
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** The host name of a Host header, without its port ("[::1]" keeps its brackets). */
function hostnameOf(host: string | undefined): string {
  if (host === undefined) return "";
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return "";
  }
}
