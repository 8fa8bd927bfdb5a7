export type { Store } from "./store.js";
export { MemoryStore, type MemoryStoreOptions } from "./memory.js";
export { FileStore, type FileStoreOptions, type FileStoreLogger } from "./file.js";
export { CorruptStoreFileError, UnsupportedStoreFileError } from "./file-data.js";
export { LockTimeoutError } from "./lock-file.js";
