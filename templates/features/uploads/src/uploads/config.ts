import { z } from 'zod';
import { durationVar, sizeVar, stringVar, type ConfigIssue } from '../core/env.js';
import type { ConfigSection } from '../core/modules.js';
import type { ClamdSettings } from './clamd.js';
import { FILE_TYPE_NAMES, FILE_TYPES, type FileType } from './file-types.js';

/** Types a browser would render with scripts: no setting can allow them. */
const NEVER_ALLOWED = new Set(['svg', 'html', 'htm', 'xhtml', 'xml', 'image/svg+xml', 'text/html', 'application/xhtml+xml']);

const allowedTypesVar = () =>
  stringVar(200).transform((value, ctx): ReadonlySet<FileType> => {
    const names = value
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== '');
    const refused = names.filter((name) => NEVER_ALLOWED.has(name));
    if (refused.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'must not name SVG or HTML: a browser would run the scripts inside them' });
      return z.NEVER;
    }
    if (names.length === 0 || !names.every((name): name is FileType => name in FILE_TYPES)) {
      ctx.addIssue({ code: 'custom', message: `must be a comma list of: ${FILE_TYPE_NAMES.join(', ')}` });
      return z.NEVER;
    }
    return new Set(names);
  });

const clamavUrlVar = () =>
  stringVar(1_024).transform((value, ctx): { host: string; port: number } => {
    const match = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(value);
    const port = Number(match?.[2]);
    if (match?.[1] === undefined || !(port >= 1 && port <= 65_535)) {
      ctx.addIssue({ code: 'custom', message: 'must be tcp://host:port, such as tcp://127.0.0.1:3310' });
      return z.NEVER;
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });

export const uploadsEnv = {
  UPLOAD_MAX_BYTES: sizeVar(1, 1_024 * 1_048_576).prefault('5mb'),
  UPLOAD_DIR: stringVar(4_096).default('./data/uploads'),
  UPLOAD_ALLOWED_TYPES: allowedTypesVar().prefault(FILE_TYPE_NAMES.join(',')),
  UPLOAD_SCAN: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  CLAMAV_URL: clamavUrlVar().optional(),
  CLAMAV_TIMEOUT: durationVar(100, 300_000).prefault('10s'),
};

export interface UploadSettings {
  readonly maxBytes: number;
  readonly dir: string;
  readonly allowedTypes: ReadonlySet<FileType>;
  /** clamd to stream every file to; undefined when scanning is off. */
  readonly clamd: ClamdSettings | undefined;
}

/**
 * UPLOAD_* and CLAMAV_*. Scanning is on whenever CLAMAV_URL is set; in production, uploads
 * without it refuse to start unless UPLOAD_SCAN=off says unscanned files are accepted.
 */
export const uploadsConfig: ConfigSection<typeof uploadsEnv, UploadSettings> = {
  env: uploadsEnv,
  read(vars, production) {
    const issues: ConfigIssue[] = [];
    if (vars.UPLOAD_SCAN === 'off' && vars.CLAMAV_URL !== undefined) {
      issues.push({ variable: 'UPLOAD_SCAN', message: 'is off while CLAMAV_URL is set; remove one of them' });
    }
    if (vars.UPLOAD_SCAN === 'on' && vars.CLAMAV_URL === undefined) {
      issues.push({ variable: 'CLAMAV_URL', message: 'is required when UPLOAD_SCAN=on' });
    }
    if (production && vars.UPLOAD_SCAN === undefined && vars.CLAMAV_URL === undefined) {
      issues.push({
        variable: 'CLAMAV_URL',
        message: 'is required in production so every upload is virus-scanned (set UPLOAD_SCAN=off to accept unscanned files)',
      });
    }
    return {
      settings: {
        maxBytes: vars.UPLOAD_MAX_BYTES,
        dir: vars.UPLOAD_DIR,
        allowedTypes: vars.UPLOAD_ALLOWED_TYPES,
        clamd: vars.CLAMAV_URL === undefined ? undefined : { ...vars.CLAMAV_URL, timeoutMs: vars.CLAMAV_TIMEOUT },
      },
      issues,
    };
  },
};
