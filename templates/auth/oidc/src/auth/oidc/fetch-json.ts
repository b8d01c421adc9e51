/** A discovery document or a key set is a few kilobytes; anything past this is refused unread. */
export const MAX_RESPONSE_BYTES = 256 * 1024;

/** Why a fetch of the issuer's metadata failed: logged, never sent to a client. */
export class IssuerFetchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IssuerFetchError';
  }
}

/**
 * GETs `url` and parses its JSON body: no redirects, at most MAX_RESPONSE_BYTES, and the
 * whole exchange (headers and body) ends when `signal` aborts.
 */
export async function fetchJson(url: string, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'error', headers: { accept: 'application/json' } });
  } catch (error) {
    throw new IssuerFetchError(signal.aborted ? `timed out fetching ${url}` : `cannot reach ${url}`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new IssuerFetchError(`${url} answered ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new IssuerFetchError(`${url} sent more than ${MAX_RESPONSE_BYTES} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > MAX_RESPONSE_BYTES) throw new IssuerFetchError(`${url} sent more than ${MAX_RESPONSE_BYTES} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    if (error instanceof IssuerFetchError) throw error;
    throw new IssuerFetchError(signal.aborted ? `timed out reading ${url}` : `failed reading ${url}`, { cause: error });
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new IssuerFetchError(`${url} did not send JSON`);
  }
}
