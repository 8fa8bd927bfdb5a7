export { createIngressApp, type IngressAppOptions } from "./app.js";
export { DEFAULT_CARD_ANSWER_TIMEOUT_MS } from "./core.js";
export {
  createLongConnection,
  LongConnectionError,
  type ConnectionChange,
  type LongConnection,
  type LongConnectionOptions,
  type LongConnectionState,
} from "./long-connection.js";
export { computeSignature, verifySignature, type SignatureCheck, type SignatureHeaders } from "./signature.js";
export { decryptPayload, deriveKey, DecryptError } from "./decrypt.js";
export { parseEnvelope, CARD_ACTION_EVENT, MESSAGE_EVENT, type Envelope, type EnvelopeResult } from "./envelope.js";
export { createVerifier, type Verified, type VerifierOptions } from "./verify.js";
export { UNSIGNED_BODY_LIMIT_BYTES } from "./unsigned.js";
export { messageInboxId } from "./dedupe.js";
export type {
  CardAction,
  CardActionAnswer,
  CardActionResult,
  IncomingMessage,
  IngressHandlers,
  IngressObserver,
  IngressTransport,
  Mention,
  RefusalReason,
} from "./types.js";
