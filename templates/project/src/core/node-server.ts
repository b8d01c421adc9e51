import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { answerClientError, serverAnswer } from './server-answers.js';

export interface ServerSettings {
  /** Time a client has to send all request headers (slow-header attacks). */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the whole request, body included (slow-body attacks). */
  readonly requestTimeoutMs: number;
  /** Idle time a keep-alive connection is kept open between requests. */
  readonly keepAliveTimeoutMs: number;
  /** BODY_LIMIT: a client that announces a larger body with `Expect: 100-continue` gets 413 before sending it. */
  readonly bodyLimit: number;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
}

/** How often Node checks the header and request timeouts; small enough that they bite on time. */
export function checkingIntervalMs(settings: ServerSettings): number {
  return Math.min(1_000, Math.max(50, Math.floor(settings.headersTimeoutMs / 4)));
}

/**
 * `Expect: 100-continue`: a body announced over BODY_LIMIT gets 413 instead of the
 * `100 Continue` Node would send at once, so it is never sent; any other request continues.
 */
function checkContinue(bodyLimit: number, listener: http.RequestListener): http.RequestListener {
  return (req, res) => {
    if (Number(req.headers['content-length']) > bodyLimit) {
      const answer = serverAnswer('payload_too_large');
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return;
    }
    res.writeContinue();
    listener(req, res);
  };
}

/**
 * The Node HTTP(S) server every framework adapter listens with: timeouts against slow
 * clients, answers with the security headers for requests Node refuses itself, and TLS
 * 1.2 or newer when a certificate is configured.
 */
export function createNodeServer(settings: ServerSettings, listener: http.RequestListener): http.Server {
  const options: http.ServerOptions = {
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    connectionsCheckingInterval: checkingIntervalMs(settings),
  };
  const server: http.Server =
    settings.tls === undefined
      ? http.createServer(options, listener)
      : https.createServer(
          {
            ...options,
            cert: readFileSync(settings.tls.certFile),
            key: readFileSync(settings.tls.keyFile),
            minVersion: 'TLSv1.2',
          },
          listener,
        );
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  // A connection with no progress either way for REQUEST_TIMEOUT is destroyed: a client
  // that stops reading a response would otherwise hold it (and its buffers) for ever.
  server.timeout = settings.requestTimeoutMs;
  server.on('clientError', answerClientError);
  server.on('checkContinue', checkContinue(settings.bodyLimit, listener));
  return server;
}

/** The http(s)://host:port a listening server answers on. */
export function serverUrl(server: http.Server, tls: boolean): string {
  const { address, port } = server.address() as AddressInfo;
  return `${tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
