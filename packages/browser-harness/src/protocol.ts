/**
 * What crosses between the harness (Node) and a guest (a browser page or a child runtime): one
 * WebSocket per guest, each message one devalue-encoded value (see codec.ts), so typed arrays,
 * bigints, -0, NaN and undefined cross intact in every engine.
 */
import type { EnvironmentDescription } from './environment.js';

/** Where a guest connects: the page's own origin, or the URL a runtime gets in CHANNEL_ENV. */
export const CHANNEL_PATH = '/__relu/channel';

/** The query parameter (page URL and channel URL) that carries the guest's one-time token. */
export const TOKEN_PARAMETER = 'relu-token';

/** The environment variable that gives a child runtime its channel URL, token included. */
export const CHANNEL_ENV = 'RELU_HARNESS_CHANNEL';

/** Where the guest keeps its registry, shared by every copy of the guest module in one realm. */
export const GUEST_GLOBAL = '__reluGuest';

export interface GuestRegistry {
  ready: boolean;
  /** The transport has been started in this realm (a second copy of the guest module must not). */
  connected: boolean;
  functions: Record<string, (...args: never[]) => unknown>;
  /** Sends to the harness (queued until the channel is open; dropped outside a harness). */
  send: (message: GuestMessage) => void;
}

/** An error as data, so the host rebuilds its class (rebuild-error.ts). */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** UnsupportedDTypeError, UnsupportedOpError, BackendDisposedError. */
  readonly backend?: string;
  /** UnsupportedDTypeError. */
  readonly dtype?: string;
  /** UnsupportedDTypeError (dtypes), UnsupportedOpError (op names). */
  readonly supported?: readonly string[];
  /** UnsupportedDTypeError, UnsupportedOpError. */
  readonly op?: string;
}

/**
 * Every message is a header (plain JSON: type, call id) and a body (devalue), so a body this
 * side cannot decode (a Float16Array in Node 20) fails only its own call.
 */
/** Host to guest. */
export type HostMessage =
  | { readonly t: 'call'; readonly id: number; readonly name: string; readonly body: readonly unknown[] }
  /** The host is done: a page ignores it (its browser is closed next); a runtime exits. */
  | { readonly t: 'close'; readonly body?: undefined };

/** Guest to host. */
export type GuestMessage =
  | { readonly t: 'ready'; readonly body: EnvironmentDescription }
  | { readonly t: 'result'; readonly id: number; readonly ok: true; readonly body: unknown }
  | { readonly t: 'result'; readonly id: number; readonly ok: false; readonly body: SerializedError }
  | { readonly t: 'progress'; readonly body: unknown }
  /** console.error calls, uncaught errors and unhandled rejections in the guest's main realm. */
  | { readonly t: 'error'; readonly body: string };

/** What `backend.create` returns: enough to build the host-side proxy without a round trip per check. */
export interface RemoteBackendDescription {
  readonly id: number;
  readonly name: string;
  readonly dtypes: readonly string[];
  /** core's backendOps(backend): op name -> dtypes. */
  readonly ops: Readonly<Record<string, readonly string[]>>;
  readonly info: Readonly<Record<string, string | number | boolean>>;
}
