import type { CardActionAnswer, CardActionResult } from "./types.js";

export interface CardAnswerOptions {
  /** Answer with `fallback` if the handler has not finished by then (Feishu gives up at 3 s). */
  timeoutMs: number;
  fallback: CardActionAnswer;
  onError: (error: unknown) => void;
  onTimeout: () => void;
  /** The handler finished after the fallback went out, with an answer of its own that nobody will see. */
  onLateAnswer?: (body: string) => void;
}

/** The body to answer a card callback with, and the handler's work for after that answer. */
export interface CardAnswer {
  /** The JSON body of the HTTP 200. */
  body: string;
  /**
   * Resolves to the handler's `afterAnswer` once the handler has finished, also when it finished
   * after `body` was settled as the fallback; to undefined when it has none or failed. Never rejects.
   */
  afterAnswer: Promise<(() => Promise<void>) | undefined>;
}

/**
 * Runs a card handler under a deadline and resolves to the JSON body to answer with: the
 * handler's answer, or `fallback` when it is late, throws, or returns something that is not a
 * serialisable object. Never rejects; a late handler keeps running and its failure is reported.
 */
export function answerCardAction(run: () => Promise<CardActionResult>, options: CardAnswerOptions): Promise<CardAnswer> {
  const fallbackBody = serialise(options.fallback) ?? "{}";
  const handled = Promise.resolve()
    .then(run)
    .then((result) => {
      const body = isObject(result) ? serialise(result.answer) : undefined;
      if (body === undefined) throw new TypeError("card handler answered something that is not {answer: JSON object}");
      const after = result.afterAnswer;
      if (after !== undefined && typeof after !== "function") throw new TypeError("card handler's afterAnswer is not a function");
      return { body, after };
    });
  const afterAnswer = handled.then(
    ({ after }) => after,
    () => undefined,
  );
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      options.onTimeout();
      resolve({ body: fallbackBody, afterAnswer });
    }, options.timeoutMs);

    handled.then(
      ({ body }) => {
        if (settled) {
          if (body !== fallbackBody) safely(() => options.onLateAnswer?.(body));
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve({ body, afterAnswer });
      },
      (error: unknown) => {
        safely(() => options.onError(error));
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ body: fallbackBody, afterAnswer });
      },
    );
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function serialise(answer: unknown): string | undefined {
  if (!isObject(answer)) return undefined;
  try {
    return JSON.stringify(answer);
  } catch {
    return undefined;
  }
}

function safely(report: () => void): void {
  try {
    report();
  } catch {
    // Reporting must never turn into an unhandled rejection.
  }
}
