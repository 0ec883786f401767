import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { BodyDecodeError, decodeMessage, encodeMessage } from './codec.js';
import type { EnvironmentDescription } from './environment.js';
import { CHANNEL_PATH, type GuestMessage, type HostMessage, TOKEN_PARAMETER } from './protocol.js';
import { rebuildError } from './rebuild-error.js';

/** The guest failed to start or went away (page closed, process exited); the message says which and why. */
export class GuestUnavailableError extends Error {
  override readonly name = 'GuestUnavailableError';
}

/** Sweeps send whole results at once, and typed arrays travel as base64: allow large messages. */
const MAX_MESSAGE_BYTES = 1 << 30;

interface Pending {
  readonly name: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The host end of one guest's channel: calls by name, progress, errors, and failure when the guest goes away. */
export class GuestChannel {
  readonly #socket: WebSocket;
  readonly #where: string;
  readonly #pending = new Map<number, Pending>();
  readonly #errors: string[] = [];
  #nextId = 1;
  #failure: Error | undefined;

  constructor(socket: WebSocket, where: string, onProgress: ((message: unknown) => void) | undefined, onReady: (environment: EnvironmentDescription) => void) {
    this.#socket = socket;
    this.#where = where;
    socket.on('message', (data) => {
      let message: GuestMessage;
      try {
        message = decodeMessage(data.toString()) as GuestMessage;
      } catch (error) {
        // Only a result can be undecodable here (a Float16Array on a host without one): fail that call.
        const header = error instanceof BodyDecodeError ? error.header : {};
        if (header.t === 'result' && typeof header.id === 'number') this.#settle(header.id, undefined, new TypeError((error as Error).message));
        else this.#errors.push(`the harness could not decode a message from ${where}: ${(error as Error).message}`);
        return;
      }
      switch (message.t) {
        case 'ready':
          onReady(message.body);
          break;
        case 'progress':
          onProgress?.(message.body);
          break;
        case 'error':
          this.#errors.push(message.body);
          break;
        case 'result':
          if (message.ok) this.#settle(message.id, message.body);
          else this.#settle(message.id, undefined, rebuildError(message.body, where));
          break;
      }
    });
    socket.on('close', () => this.fail(new GuestUnavailableError(`${where} closed its connection to the harness`)));
  }

  #settle(id: number, value: unknown, error?: Error): void {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    if (error) pending?.reject(error);
    else pending?.resolve(value);
  }

  call<T>(name: string, args: readonly unknown[]): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { name, resolve: resolve as (value: unknown) => void, reject });
      this.#send({ t: 'call', id, name, body: args });
    });
  }

  errors(): readonly string[] {
    return [...this.#errors];
  }

  /** Rejects every pending and later call with `error` (the first failure wins: it is the cause). */
  fail(error: Error): void {
    this.#failure ??= error;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(new GuestUnavailableError(`${this.#failure.message} while ${pending.name}() was running`));
    }
  }

  /** Tells the guest the host is done (a runtime exits), and closes the socket. */
  close(): void {
    this.fail(new GuestUnavailableError(`${this.#where} has been closed`));
    if (this.#socket.readyState === this.#socket.OPEN) this.#send({ t: 'close' });
    this.#socket.close();
  }

  #send(message: HostMessage): void {
    this.#socket.send(encodeMessage(message));
  }
}

export interface GuestListener {
  /** The token the guest must present (pages: as TOKEN_PARAMETER in their URL). */
  readonly token: string;
  /** The channel URL with the token, for a runtime's CHANNEL_ENV. */
  readonly url: string;
  /**
   * Resolves when the guest has connected and called markReady(); rejects after `timeoutMs`, or
   * as soon as `abort()` is called (the process exited, the browser crashed).
   */
  readonly ready: Promise<{ readonly channel: GuestChannel; readonly environment: EnvironmentDescription }>;
  abort(error: Error): void;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** An HTTP server to share (the page's static server); without one, a loopback server of its own. */
  readonly server?: Server;
  /** Who the guest is, for messages: 'the firefox page', 'node22 (pid 123)'. */
  readonly where: string;
  readonly timeoutMs: number;
  readonly onProgress?: (message: unknown) => void;
}

/** Waits for one guest to connect to CHANNEL_PATH with the right token and call markReady(). */
export async function listenForGuest(options: ListenOptions): Promise<GuestListener> {
  const token = randomBytes(16).toString('hex');
  const ownServer = options.server ? undefined : createServer((_req, res) => res.writeHead(404).end());
  const server = options.server ?? ownServer!;
  if (ownServer) await new Promise<void>((resolve) => ownServer.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let settle!: { resolve(value: { channel: GuestChannel; environment: EnvironmentDescription }): void; reject(error: Error): void };
  const ready = new Promise<{ channel: GuestChannel; environment: EnvironmentDescription }>((resolve, reject) => (settle = { resolve, reject }));
  ready.catch(() => {});
  let channel: GuestChannel | undefined;
  const timer = setTimeout(() => {
    const errors = channel?.errors() ?? [];
    const seen = errors.length > 0 ? `; it reported: ${errors.slice(0, 3).join(' | ')}` : '';
    settle.reject(new GuestUnavailableError(`${options.where} did not ${channel ? 'call markReady()' : 'connect to the harness'} within ${options.timeoutMs / 1000} s${seen}`));
  }, options.timeoutMs);
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CHANNEL_PATH) return;
    // One guest per listener: a second connection (another tab, a stale page) is refused.
    if (url.searchParams.get(TOKEN_PARAMETER) !== token || channel) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const current = new GuestChannel(ws, options.where, options.onProgress, (environment) => {
        clearTimeout(timer);
        settle.resolve({ channel: current, environment });
      });
      channel = current;
      ws.on('close', () => settle.reject(new GuestUnavailableError(`${options.where} closed its connection before markReady()`)));
    });
  };
  server.on('upgrade', onUpgrade);
  return {
    token,
    url: `ws://127.0.0.1:${port}${CHANNEL_PATH}?${TOKEN_PARAMETER}=${token}`,
    ready,
    abort(error) {
      clearTimeout(timer);
      settle.reject(error);
      channel?.fail(error);
    },
    async close() {
      clearTimeout(timer);
      settle.reject(new GuestUnavailableError(`${options.where} has been closed`));
      channel?.close();
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (ownServer) {
        ownServer.closeAllConnections();
        await new Promise<void>((resolve) => ownServer.close(() => resolve()));
      }
    },
  };
}
