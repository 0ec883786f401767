import { BodyDecodeError, decodeMessage, encodeMessage } from '../codec.js';
import { CHANNEL_ENV, CHANNEL_PATH, type GuestMessage, type GuestRegistry, type HostMessage, TOKEN_PARAMETER } from '../protocol.js';
import { serializeError } from '../serialize-error.js';

/**
 * The guest end of the channel, the same code in a page and in a child runtime: a WebSocket to
 * the harness (every browser, Node >= 22, Bun and Deno have the WebSocket client; the harness
 * starts Node 20 with --experimental-websocket). A page finds the harness at its own origin, a
 * runtime in the CHANNEL_ENV variable.
 */

interface Location {
  readonly kind: 'page' | 'runtime';
  readonly url: string;
}

function channelLocation(): Location | undefined {
  const g = globalThis as { location?: { href: string }; process?: { env?: Record<string, string | undefined> }; Deno?: { env: { get(name: string): string | undefined } } };
  const fromEnv = g.process?.env?.[CHANNEL_ENV] ?? g.Deno?.env.get(CHANNEL_ENV);
  if (fromEnv) return { kind: 'runtime', url: fromEnv };
  if (!g.location) return undefined;
  const page = new URL(g.location.href);
  const token = page.searchParams.get(TOKEN_PARAMETER);
  if (token === null) return undefined;
  const url = new URL(CHANNEL_PATH, page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set(TOKEN_PARAMETER, token);
  return { kind: 'page', url: url.href };
}

function exit(code: number): void {
  const g = globalThis as { process?: { exit(code: number): void }; Deno?: { exit(code: number): void } };
  if (g.process?.exit) g.process.exit(code);
  else g.Deno?.exit(code);
}

function describe(value: unknown): string {
  if (value instanceof Error) {
    // V8 stacks start with "Name: message"; SpiderMonkey's and JavaScriptCore's are frames only.
    const head = `${value.name}: ${value.message}`;
    return value.stack?.includes(head) ? value.stack : `${head}${value.stack ? `\n${value.stack}` : ''}`;
  }
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Forwards what the guest reports as errors, so errors() is the same list in every engine. */
function captureErrors(send: (message: GuestMessage) => void): void {
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    send({ t: 'error', body: args.map(describe).join(' ') });
    original(...args);
  };
  const target = globalThis as { addEventListener?: (type: string, listener: (event: { error?: unknown; message?: string; reason?: unknown }) => void) => void };
  // Listening changes nothing else: without preventDefault(), a runtime still exits on an uncaught error.
  target.addEventListener?.('error', (event) => send({ t: 'error', body: `uncaught: ${describe(event.error ?? event.message)}` }));
  target.addEventListener?.('unhandledrejection', (event) => send({ t: 'error', body: `unhandled rejection: ${describe(event.reason)}` }));
}

async function answer(registry: GuestRegistry, message: Extract<HostMessage, { t: 'call' }>): Promise<GuestMessage> {
  const fn = registry.functions[message.name];
  if (!fn) return { t: 'result', id: message.id, ok: false, body: { name: 'Error', message: `the guest exposes no function ${JSON.stringify(message.name)}` } };
  try {
    return { t: 'result', id: message.id, ok: true, body: await fn(...(message.body as never[])) };
  } catch (error) {
    return { t: 'result', id: message.id, ok: false, body: serializeError(error) };
  }
}

/** Starts the transport once per realm; outside a harness (no channel to connect to) it does nothing. */
export function startTransport(registry: GuestRegistry): void {
  if (registry.connected) return;
  const location = channelLocation();
  if (!location) return;
  registry.connected = true;
  const queue: GuestMessage[] = [];
  let open = false;
  // One stable function: callers may hold it across an await, before and after the socket opens.
  registry.send = (message) => (open ? send(message) : queue.push(message));
  captureErrors((message) => registry.send(message));
  const socket = new WebSocket(location.url);
  const send = (message: GuestMessage) => {
    let text: string;
    try {
      text = encodeMessage(message);
    } catch (error) {
      if (message.t !== 'result') throw error;
      text = encodeMessage({ t: 'result', id: message.id, ok: false, body: { name: 'TypeError', message: `the guest could not send its result: ${(error as Error).message}` } });
    }
    socket.send(text);
  };
  socket.addEventListener('open', () => {
    open = true;
    queue.splice(0).forEach(send);
  });
  socket.addEventListener('message', (event: MessageEvent) => {
    let message: HostMessage;
    try {
      message = decodeMessage(String(event.data)) as HostMessage;
    } catch (error) {
      const header = error instanceof BodyDecodeError ? error.header : {};
      if (typeof header.id === 'number') registry.send({ t: 'result', id: header.id, ok: false, body: serializeError(error) });
      return;
    }
    if (message.t === 'close') {
      socket.close();
      if (location.kind === 'runtime') setTimeout(() => exit(0), 0);
      return;
    }
    void answer(registry, message).then((reply) => registry.send(reply));
  });
  // A runtime whose harness went away exits instead of lingering as an orphan.
  socket.addEventListener('close', () => {
    if (location.kind === 'runtime') exit(0);
  });
}
