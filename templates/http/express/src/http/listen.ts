import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../app.js';
import { createNodeServer, type ServerSettings } from '../core/node-server.js';

export interface RunningServer {
  readonly server: Server;
  /** http(s)://host:port the server answers on. */
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish, then releases the app. */
  close(): Promise<void>;
}

function urlOf(server: Server, tls: boolean): string {
  const { address, family, port } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  return `${tls ? 'https' : 'http'}://${host}:${port}`;
}

/** Serves `app` with the timeouts (and TLS) of `settings`, on host:port (port 0: any free port). */
export function listen(app: App, settings: ServerSettings, host: string, port: number): Promise<RunningServer> {
  const server = createNodeServer(settings, app.express);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        url: urlOf(server, settings.tls !== undefined),
        async close() {
          app.stopAccepting();
          await new Promise<void>((done, fail) => server.close((error) => (error === undefined ? done() : fail(error))));
          await app.close();
        },
      });
    });
  });
}
