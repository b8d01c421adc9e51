/**
 * Errors as RFC 9457 problem details. Every error response is built here, so no
 * exception message, stack, SQL or file path can reach a client.
 */

const PROBLEMS = {
  validation_failed: { status: 400, title: 'Request validation failed' },
  malformed_json: { status: 400, title: 'Malformed JSON body' },
  forbidden_json_key: { status: 400, title: 'Forbidden key in JSON body' },
  invalid_cursor: { status: 400, title: 'Invalid pagination cursor' },
  bad_request: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Authentication required' },
  invalid_credentials: { status: 401, title: 'Invalid email or password' },
  forbidden: { status: 403, title: 'Forbidden' },
  insufficient_scope: { status: 403, title: 'Insufficient scope' },
  https_required: { status: 403, title: 'HTTPS required' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  request_timeout: { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable_content: { status: 422, title: 'Unprocessable content' },
  rate_limited: { status: 429, title: 'Too many requests' },
  header_fields_too_large: { status: 431, title: 'Request header fields too large' },
  internal_error: { status: 500, title: 'Internal server error' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  auth_unavailable: { status: 503, title: 'Authentication unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_TYPE_PREFIX = 'urn:problem-type:';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** An issue found in a GraphQL document (its syntax, its fields, or a limit), as GraphQL reports it. */
export interface DocumentIssue {
  readonly message: string;
  readonly locations?: readonly { readonly line: number; readonly column: number }[];
  /** The response path of the field that failed, when one did. */
  readonly path?: readonly (string | number)[];
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** What a problem's `errors` lists: input fields that failed validation, or a document's issues. */
export type ProblemIssue = FieldIssue | DocumentIssue;

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly requestId: string;
  readonly errors?: readonly ProblemIssue[];
}

export interface HttpErrorOptions {
  readonly detail?: string;
  readonly errors?: readonly ProblemIssue[];
  readonly headers?: Readonly<Record<string, string>>;
}

export class HttpError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: readonly ProblemIssue[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(code: ProblemCode, options: HttpErrorOptions = {}) {
    super(PROBLEMS[code].title);
    this.name = 'HttpError';
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  toProblem(requestId: string): ProblemDetails {
    return {
      type: PROBLEM_TYPE_PREFIX + this.code,
      title: PROBLEMS[this.code].title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      requestId,
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

/** The problem code for a status raised by the HTTP framework itself. */
export function codeForStatus(status: number): ProblemCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'service_unavailable';
    default:
      return status >= 400 && status < 500 ? 'bad_request' : 'internal_error';
  }
}

/** The value, or a 404 when there is none. */
export function found<T>(value: T | undefined): T {
  if (value === undefined) throw new HttpError('not_found');
  return value;
}
