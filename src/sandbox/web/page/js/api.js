// Talking to the console's API (/console/api): JSON posts, the session, and the event stream of entries,
// opened again by hand when the browser gives up on it.
import { els } from "./dom.js";
import { state } from "./state.js";

const API = "/console/api";
const RECONNECT_MS = 2000;

/** POSTs JSON and returns the answer's JSON; an HTTP error becomes an Error naming the server's reason. */
export async function postJson(path, body) {
  const response = await fetch(`${API}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const reason = data && typeof data.error === "string" ? data.error : response.statusText;
    throw new Error(`HTTP ${response.status}${reason ? `: ${reason}` : ""}`);
  }
  return data ?? {};
}

function setStatus(kind) {
  els.status.dataset.state = kind;
  els.status.textContent = kind === "live" ? "live" : kind === "reconnecting" ? "reconnecting…" : "connecting…";
}

/** The roles and chats; a sandbox still starting is asked again until it answers. */
export async function loadSession() {
  for (;;) {
    try {
      const response = await fetch(`${API}/session`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.json();
    } catch (error) {
      setStatus("reconnecting");
      console.warn("console: no session yet", error);
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  }
}

/** Streams every entry to `onEntry`, from the history on, and keeps the stream open. */
export function connect(onEntry) {
  // A stream the browser gave up on is opened again by hand, asking only for what came after.
  const after = state.lastSeq;
  const events = new EventSource(after > 0 ? `${API}/events?after=${after}` : `${API}/events`);
  events.addEventListener("open", () => setStatus("live"));
  events.addEventListener("error", () => {
    setStatus("reconnecting");
    // The browser retries by itself unless the server refused the stream outright.
    if (events.readyState === EventSource.CLOSED) {
      events.close();
      setTimeout(() => connect(onEntry), RECONNECT_MS);
    }
  });
  events.addEventListener("caught-up", () => (state.caughtUp = true));
  events.addEventListener("entry", (event) => {
    let entry;
    try {
      entry = JSON.parse(event.data);
    } catch {
      console.warn("console: an event that is not JSON", event.data);
      return;
    }
    onEntry(entry);
  });
}
