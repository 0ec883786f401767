import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

export interface StaticServer {
  readonly url: string;
  /** The underlying server, shared with the harness channel (WebSocket upgrades on CHANNEL_PATH). */
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves `dir` on 127.0.0.1 at a free port. With `crossOriginIsolated` the COOP/COEP headers
 * make SharedArrayBuffer (wasm threads) available to the page.
 */
export async function serveDirectory(dir: string, crossOriginIsolated: boolean): Promise<StaticServer> {
  const handler = sirv(dir, {
    dev: true,
    setHeaders(res) {
      if (crossOriginIsolated) {
        res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
        res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
      }
    },
  });
  const server: Server = createServer((req, res) =>
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
