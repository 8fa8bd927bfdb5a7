import type { CardActionAnswer } from "./types.js";

export interface CardAnswerOptions {
  /** Answer with `fallback` if the handler has not finished by then (Feishu gives up at 3 s). */
  timeoutMs: number;
  fallback: CardActionAnswer;
  onError: (error: unknown) => void;
  onTimeout: () => void;
}

/**
 * Runs a card handler under a deadline and resolves to the JSON body to answer with: the
 * handler's answer, or `fallback` when it is late, throws, or returns something that is not a
 * serialisable object. Never rejects; a late handler keeps running and its failure is reported.
 */
export function answerCardAction(run: () => Promise<CardActionAnswer>, options: CardAnswerOptions): Promise<string> {
  const fallbackBody = serialise(options.fallback) ?? "{}";
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      options.onTimeout();
      resolve(fallbackBody);
    }, options.timeoutMs);

    Promise.resolve()
      .then(run)
      .then(
        (answer) => {
          const body = serialise(answer);
          if (body === undefined) throw new TypeError("card handler answered something that is not a JSON object");
          return body;
        },
      )
      .then(
        (body) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(body);
        },
        (error: unknown) => {
          safely(() => options.onError(error));
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(fallbackBody);
        },
      );
  });
}

function serialise(answer: unknown): string | undefined {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return undefined;
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
