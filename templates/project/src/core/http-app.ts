import type { Server } from 'node:http';

/** A route as the framework serves it: method and OpenAPI-style path (`/v1/notes/{id}`). */
export interface ServedRoute {
  readonly method: string;
  readonly path: string;
}

/** What each framework adapter (src/http/adapter.ts) gives the app. */
export interface HttpApp {
  /** The Node server the framework answers on; not listening yet. */
  readonly server: Server;
  /** Every route the framework has, read from its own route table (SEC-A4). */
  servedRoutes(): readonly ServedRoute[];
  /** Releases what the framework holds, once the server is closed. */
  close(): Promise<void>;
}
