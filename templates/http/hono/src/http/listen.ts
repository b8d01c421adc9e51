import { buildApp } from '../app.js';
import type { Listen } from '../runtime.js';

export const listen: Listen = async (deps, host, port) => {
  const app = await buildApp(deps);
  const url = await app.listen(host, port);
  return { url, close: () => app.close(), closeAllConnections: () => app.server.closeAllConnections() };
};
