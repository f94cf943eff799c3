import { Global, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { diskStorage, type DiskStorageOptions } from 'multer';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { LocalFileStore } from './file-store';
import { UploadCleanupService } from './upload-cleanup.service';
import { UploadsController } from './uploads.controller';
import { uploadsRoot, UploadsService } from './uploads.service';

/**
 * Uploads arrive through multer's disk storage into the store's incoming folder (LocalFileStore
 * `incomingDir`: on the same volume, so storing one is a rename), fsynced before the handler runs
 * (`flush`); the handler stores or removes each.
 */
const receiveToDisk = (config: AppConfig) => ({
  storage: diskStorage({ destination: new LocalFileStore(uploadsRoot(config.dataDir)).incomingDir, flush: true } as DiskStorageOptions),
});

@Global()
@Module({
  imports: [MulterModule.registerAsync({ inject: [APP_CONFIG], useFactory: receiveToDisk })],
  controllers: [UploadsController],
  providers: [UploadsService, UploadCleanupService],
  exports: [UploadsService],
})
export class UploadsModule {}
