import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Uploads in a fresh temp folder for each test server, unscanned unless a test sets
 * CLAMAV_URL and UPLOAD_SCAN=on (so production-mode tests start without a clamd).
 */
export function uploadsTestEnv(): Record<string, string> {
  return { UPLOAD_DIR: path.join(mkdtempSync(path.join(os.tmpdir(), 'uploads-')), 'files'), UPLOAD_SCAN: 'off' };
}
