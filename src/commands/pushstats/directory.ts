/**
 * The tenant's departments, for finding one by name. A bot cannot search departments (the search
 * API takes a user token only), so the directory is listed from the root with
 * contact/v3/departments/0/children and fetch_child=true, 50 a page; the gateway keeps each page ten
 * minutes, so a name typed again costs Feishu nothing.
 */
import { FeishuError, SCOPE_MISSING_CODE } from "../../feishu/errors.js";
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { DepartmentNode } from "../../feishu/types.js";

const ROOT = "0";
/** The page's largest page. */
const PAGE_SIZE = 50;
/** Bounds a walk, so a looping page token cannot run forever: 10,000 departments. */
const MAX_PAGES = 200;

/** "no dept authority error": listing the root needs the app's contact range to be all members. */
const NO_DEPARTMENT_AUTHORITY = 40004;

export type Directory =
  | { kind: "listed"; departments: DepartmentNode[] }
  /** The app has no contact scope that lists departments. */
  | { kind: "no-scope" }
  /** The app's contact range is not the whole organisation, so the root cannot be listed. */
  | { kind: "out-of-range" };

export async function loadDirectory(gateway: FeishuGateway): Promise<Directory> {
  const departments: DepartmentNode[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  try {
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await gateway.listDepartmentChildren({ parentId: ROOT, fetchChild: true, pageSize: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) });
      departments.push(...page.items);
      if (!page.hasMore || !page.pageToken || seen.has(page.pageToken)) break;
      seen.add(page.pageToken);
      pageToken = page.pageToken;
    }
  } catch (error) {
    if (error instanceof FeishuError && error.code === SCOPE_MISSING_CODE) return { kind: "no-scope" };
    if (error instanceof FeishuError && error.code === NO_DEPARTMENT_AUTHORITY) return { kind: "out-of-range" };
    throw error;
  }
  return { kind: "listed", departments };
}
