import type { Readable } from 'node:stream';
import type { Db } from '../core/db/database.js';
import { HttpError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { ListQuery, Page } from '../core/pagination.js';
import { startScan } from './clamd.js';
import type { UploadSettings } from './config.js';
import { FileStore } from './file-store.js';
import { FILE_TYPES } from './file-types.js';
import { receiveUpload, type IncomingBody } from './receive.js';
import { UploadRepository, type UploadRecord } from './repository.js';

/** A stored file ready to be sent: its metadata and its bytes. */
export interface UploadContent {
  readonly record: UploadRecord;
  readonly stream: Readable;
}

/**
 * Uploads of one owner at a time: receive (stream, sniff, scan, store, record), list,
 * read, download and delete. A row exists only for a file that is complete and clean.
 */
export class UploadService {
  private readonly store: FileStore;
  private readonly records: UploadRepository;

  constructor(
    private readonly settings: UploadSettings,
    db: Db,
    private readonly logger: Logger,
  ) {
    this.store = new FileStore(settings.dir);
    this.records = new UploadRepository(db);
  }

  /** Reads one multipart upload (see receiveUpload for every refusal) and records it. */
  async create(ownerId: string, body: IncomingBody): Promise<UploadRecord> {
    const { clamd } = this.settings;
    const file = await receiveUpload(body, {
      store: this.store,
      maxBytes: this.settings.maxBytes,
      allowedTypes: this.settings.allowedTypes,
      scan: clamd === undefined ? undefined : () => startScan(clamd),
    }).catch((error: unknown) => {
      if (error instanceof HttpError && (error.status === 422 || error.status === 503)) {
        this.logger.warn(
          { status: error.status, ownerId },
          error.status === 422 ? 'upload refused: virus found' : 'upload refused: virus scanner unavailable',
        );
      }
      throw error;
    });
    const record: UploadRecord = {
      id: file.id,
      name: file.displayName,
      mediaType: FILE_TYPES[file.type].mediaType,
      size: file.size,
      sha256: file.sha256,
      createdAt: new Date().toISOString(),
    };
    try {
      await this.records.insert(ownerId, record);
    } catch (error) {
      await this.store.remove(file.id);
      throw error;
    }
    return record;
  }

  list(ownerId: string, query: ListQuery): Promise<Page<UploadRecord>> {
    return this.records.list(ownerId, query);
  }

  get(ownerId: string, id: string): Promise<UploadRecord | undefined> {
    return this.records.get(ownerId, id);
  }

  /** The owner's file and its bytes, or undefined when it is not theirs or does not exist. */
  async content(ownerId: string, id: string): Promise<UploadContent | undefined> {
    const record = await this.records.get(ownerId, id);
    return record === undefined ? undefined : { record, stream: this.store.read(record.id) };
  }

  /** Deletes the row, then the file; false when the upload is not the owner's. */
  async remove(ownerId: string, id: string): Promise<boolean> {
    if (!(await this.records.remove(ownerId, id))) return false;
    await this.store.remove(id);
    return true;
  }
}
