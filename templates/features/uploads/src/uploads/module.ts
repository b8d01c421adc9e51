import type { FeatureModule } from '../core/modules.js';
import { uploadsConfig, type UploadSettings } from './config.js';
import { uploadMigrations } from './migrations.js';
import { uploadOperations } from './operations.js';
import { UploadService } from './service.js';

export type { UploadServices } from './operations.js';

/** File uploads: sniffed, bounded, virus-scanned, stored under server-made names, owner-scoped. */
export const uploadsFeature: FeatureModule<'uploads', typeof uploadsConfig.env, UploadSettings, UploadService> = {
  name: 'uploads',
  config: uploadsConfig,
  migrations: uploadMigrations,
  operations: uploadOperations,
  create({ db, settings, logger }) {
    if (settings.clamd === undefined) logger.warn('uploads are not virus-scanned: CLAMAV_URL is not set');
    return { service: new UploadService(settings, db, logger) };
  },
};
