import { buildApp } from '../app.js';
import { createNodeServer, serverUrl } from '../core/node-server.js';
import type { Listen } from '../runtime.js';

/** Serves the Express app on a Node server with the configured timeouts (and TLS). */
export const listen: Listen = async (deps, host, port) => {
  const app = await buildApp(deps);
  const server = createNodeServer(deps.config.server, app.express);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: serverUrl(server, deps.config.server.tls !== undefined),
    async close() {
      app.stopAccepting();
      await new Promise<void>((done, fail) => server.close((error) => (error === undefined ? done() : fail(error))));
      await app.close();
    },
    closeAllConnections: () => server.closeAllConnections(),
  };
};
