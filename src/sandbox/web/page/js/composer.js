// The message box: what is typed goes to the bot through the emulator, as a Feishu message would.
// The message itself shows up from the event stream, like everything else in the chat.
import { postJson } from "./api.js";
import { els } from "./dom.js";
import { state } from "./state.js";
import { errorText, toast } from "./toasts.js";

export async function sendTyped(event) {
  event.preventDefault();
  const text = els.message.value.trim();
  if (!text || !state.session) return;
  try {
    const result = await postJson("message", { text, chat: state.chat, role: state.role });
    // Something typed meanwhile is the person's next message: keep it.
    if (els.message.value.trim() === text) els.message.value = "";
    if (typeof result.status === "number" && result.status >= 400) {
      toast("error", `The bot answered the delivery with HTTP ${result.status}`);
    }
  } catch (error) {
    toast("error", `Not sent: ${errorText(error)}`);
  }
  els.message.focus();
}
