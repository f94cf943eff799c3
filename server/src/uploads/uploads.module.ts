import { Global, Module } from '@nestjs/common';
import { UploadCleanupService } from './upload-cleanup.service';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';

@Global()
@Module({ controllers: [UploadsController], providers: [UploadsService, UploadCleanupService], exports: [UploadsService] })
export class UploadsModule {}
