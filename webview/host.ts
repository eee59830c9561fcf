import type { WebviewMessage } from '../src/protocol';

/**
 * The one way to talk to the extension host: typed, so an untyped message can't be sent, and
 * holding the only reference to the VS Code API (which may be acquired once per page).
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * The saved state also carries the run's identity (`data-run-id` on #app, set by the host), which
 * is what lets VS Code's panel serializer reopen the same run after a reload.
 */
export function connectHost(runId: string | undefined): Host {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(typeof state === 'object' && state !== null && runId ? { ...state, runId } : state),
  };
}
