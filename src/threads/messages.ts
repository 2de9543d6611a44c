// What the main thread and a handler thread say to each other. A job is the
// input value itself (no envelope); every reply is one small object.

/** The thread's first message: its handler module is loaded and initialised, or why not. */
export type Hello = { ready: true } | { ready: false; error: SerializedError };

/** The answer to one job; `bytes`: its JSON length, measured in the thread so the main thread need not. */
export type Reply = { ok: true; value: unknown; bytes?: number } | { ok: false; error: SerializedError };

export interface SerializedError { message: string; name: string; code?: string }

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { message: e.message, name: e.name, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { message: String(e), name: 'Error' };
}
