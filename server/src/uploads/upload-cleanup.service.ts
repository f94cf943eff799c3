import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UploadsService } from './uploads.service';

/** An upload that no case or step has carried by this age is removed: its form was abandoned. */
export const UNATTACHED_UPLOAD_MAX_AGE_MS = 24 * 3_600_000;
const CLEANUP_INTERVAL_MS = 3_600_000;
const BATCH = 100;

export interface UploadCleanupReport {
  /** Upload rows removed. */
  uploads: number;
  /** Stored files removed (or found already missing); bytes another upload still names stay. */
  files: number;
}

/**
 * Removes the photos owners uploaded but never attached: rows older than
 * UNATTACHED_UPLOAD_MAX_AGE_MS with no `attached_at`, then their files.
 *
 * Safe against an attach at the same moment. A photo is attached by the case event that carries it,
 * and a trigger on `case_events` (migration 1765584000000) marks the upload attached and holds its
 * row locked until that transaction ends. The cleanup claims its rows `FOR UPDATE SKIP LOCKED`:
 * an upload being attached is skipped (and attached for good once that commits); an attach that
 * comes while the cleanup holds the row waits, finds it deleted and fails the statement, which the
 * API answers `400 PHOTO_INVALID`, the refusal for an unknown upload. No case names a deleted upload.
 *
 * Files go after the rows' commit, each under the content lock (UploadsService.removeContentIfUnused):
 * a crash in between leaves unreferenced bytes, never a row without its file.
 */
@Injectable()
export class UploadCleanupService {
  private readonly logger = new Logger(UploadCleanupService.name);
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly uploads: UploadsService,
  ) {}

  @Interval('upload-cleanup', CLEANUP_INTERVAL_MS)
  async tick(): Promise<void> {
    if (!this.config.sweepEnabled || this.running) return;
    this.running = true;
    try {
      const report = await this.runOnce();
      if (report.uploads > 0) this.logger.log(`upload cleanup: ${JSON.stringify(report)}`);
    } catch (error) {
      this.logger.error(`upload cleanup failed: ${(error as Error).stack}`);
    } finally {
      this.running = false;
    }
  }

  async runOnce(): Promise<UploadCleanupReport> {
    const cutoff = new Date(this.clock.now().getTime() - UNATTACHED_UPLOAD_MAX_AGE_MS);
    const report: UploadCleanupReport = { uploads: 0, files: 0 };
    for (;;) {
      // TypeORM answers a DELETE … RETURNING with [rows, count].
      const [deleted] = (await this.db.query(
        `DELETE FROM uploads WHERE id IN (
           SELECT id FROM uploads WHERE attached_at IS NULL AND created_at < $1
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING sha256`,
        [cutoff, BATCH],
      )) as [{ sha256: string }[], number];
      report.uploads += deleted.length;
      for (const sha256 of new Set(deleted.map((row) => row.sha256))) {
        if (await this.uploads.removeContentIfUnused(sha256)) report.files += 1;
      }
      if (deleted.length < BATCH) return report;
    }
  }
}
