import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** A file being written: bytes go to a temp file that only `commit` makes visible. */
export interface PendingFile {
  readonly id: string;
  write(chunk: Buffer): Promise<void>;
  /** Flushes, closes and renames the temp file to its final name. */
  commit(): Promise<void>;
  /** Closes and deletes the temp file; safe to call twice, or after a failed commit. */
  discard(): Promise<void>;
}

/** Final names are the server's own UUIDs; temp names end in `.part` and never collide (`wx`). */
const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TEMP_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;

/** A temp file untouched this long belongs to an upload that can no longer finish. */
const STALE_TEMP_MS = 60 * 60 * 1_000;

/**
 * The files of uploads, in one folder (UPLOAD_DIR) that nothing serves statically. Names
 * are made here (random UUIDs), never taken from a client, so no upload can choose where
 * it lands. Files are written owner-only (0600) and appear under their final name only
 * once complete.
 */
export class FileStore {
  readonly dir: string;

  /**
   * Creates the folder (0700) when missing, and deletes the temp files older than
   * `staleAfterMs` that a stopped process left behind (younger ones may be another
   * instance's uploads in progress).
   */
  constructor(dir: string, staleAfterMs = STALE_TEMP_MS) {
    this.dir = path.resolve(dir);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const now = Date.now();
    for (const name of readdirSync(this.dir)) {
      if (!TEMP_NAME.test(name)) continue;
      const file = path.join(this.dir, name);
      try {
        if (now - statSync(file).mtimeMs > staleAfterMs) rmSync(file, { force: true });
      } catch {
        // Renamed or removed meanwhile by another instance.
      }
    }
  }

  private pathOf(id: string, suffix = ''): string {
    if (!STORED_NAME.test(id)) throw new Error('not a stored file id');
    return path.join(this.dir, `${id}${suffix}`);
  }

  /** Opens a new temp file (created exclusively, mode 0600) for a new id. */
  async create(): Promise<PendingFile> {
    const id = randomUUID();
    const temp = this.pathOf(id, '.part');
    const final = this.pathOf(id);
    let handle: FileHandle | undefined = await open(temp, 'wx', 0o600);
    let done = false;
    return {
      id,
      async write(chunk) {
        if (handle === undefined) throw new Error('file already closed');
        let offset = 0;
        while (offset < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
          offset += bytesWritten;
        }
      },
      async commit() {
        if (handle === undefined) throw new Error('file already closed');
        const closing = handle;
        handle = undefined;
        await closing.close();
        await rename(temp, final);
        done = true;
      },
      async discard() {
        if (done) return;
        const closing = handle;
        handle = undefined;
        await closing?.close().catch(() => undefined);
        await rm(temp, { force: true });
      },
    };
  }

  /** The bytes of a stored file. */
  read(id: string): Readable {
    return createReadStream(this.pathOf(id));
  }

  /** Deletes a stored file; a missing file is not an error. */
  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }
}
