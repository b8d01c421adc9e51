import { buildApp } from '../app.js';
import { serverUrl } from '../core/node-server.js';
import type { Listen } from '../runtime.js';

export const listen: Listen = async (deps, host, port) => {
  const app = await buildApp(deps);
  await app.listen({ host, port });
  return {
    url: serverUrl(app.server, deps.config.server.tls !== undefined),
    close: () => app.close(),
    closeAllConnections: () => app.server.closeAllConnections(),
  };
};
