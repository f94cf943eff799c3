import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { UNATTACHED_UPLOAD_MAX_AGE_MS, UploadsService } from './uploads.service';

/**
 * A stored file no upload row names, or a temporary one, is removed once it is this old; younger
 * ones may belong to an upload between its write and its commit.
 */
export const UNREFERENCED_FILE_MIN_AGE_MS = 3_600_000;
const CLEANUP_INTERVAL_MS = 3_600_000;
/** The store scan reads every file's metadata: once a day per process is enough. */
const STORE_SCAN_INTERVAL_MS = 24 * 3_600_000;
const BATCH = 100;
const SCAN_BATCH = 500;
/** More unnamed files than this (the larger of the two) stops the scan from removing any. */
const UNREFERENCED_LIMIT = { files: 100, share: 0.1 };

export interface UploadCleanupReport {
  /** Upload rows removed. */
  uploads: number;
  /** Stored files removed (or found already missing); bytes another upload still names stay. */
  files: number;
}

export interface StoreScanReport {
  /** Stored files checked (old enough to judge). */
  checked: number;
  /** Stored files no upload row named, removed. */
  files: number;
  /** Temporary files of writes that never finished, removed. */
  temporaries: number;
  /** Files no row named that were kept because there were too many of them (UNREFERENCED_LIMIT). */
  held: number;
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
 * a crash in between leaves unreferenced bytes, never a row without its file; those, and the bytes
 * of an upload killed before its row, go in the daily store scan (removeUnreferencedFiles).
 */
@Injectable()
export class UploadCleanupService {
  private readonly logger = new Logger(UploadCleanupService.name);
  private running = false;
  private lastStoreScanAt: Date | null = null;

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
      const now = this.clock.now();
      if (!this.lastStoreScanAt || now.getTime() - this.lastStoreScanAt.getTime() >= STORE_SCAN_INTERVAL_MS) {
        this.lastStoreScanAt = now;
        const scan = await this.removeUnreferencedFiles();
        if (scan.files + scan.temporaries > 0) this.logger.log(`upload store scan: ${JSON.stringify(scan)}`);
      }
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

  /**
   * Removes what the store holds that no upload row names: bytes left by a crash between a file's
   * write and its row's commit, or between a row's removal and its file's, and temporary files of
   * writes a crash cut short. Files younger than UNREFERENCED_FILE_MIN_AGE_MS are left alone; each
   * removal takes the content lock and looks again (UploadsService.removeContentIfUnused), so an
   * upload of the same bytes at that moment keeps its file.
   *
   * Judges every file first, then acts: crashes leave a few such files, so when more than
   * UNREFERENCED_LIMIT of them would go, the scan removes none and says so — a server pointed at the
   * wrong or a half-restored database must not delete the photos of the right one.
   */
  async removeUnreferencedFiles(): Promise<StoreScanReport> {
    const store = this.uploads.store;
    const cutoff = this.clock.now().getTime() - UNREFERENCED_FILE_MIN_AGE_MS;
    const report: StoreScanReport = { checked: 0, files: 0, temporaries: 0, held: 0 };
    const unnamed: string[] = [];
    const temporaries: string[] = [];
    let batch: string[] = [];
    const judge = async () => {
      // bpchar[]: the column's own type, so the lookup uses uploads_sha256_idx (text[] would cast every row).
      const rows = await this.db.query('SELECT sha256 FROM uploads WHERE sha256 = ANY($1::bpchar[])', [batch]) as { sha256: string }[];
      const named = new Set(rows.map((row) => row.sha256));
      unnamed.push(...batch.filter((sha256) => !named.has(sha256)));
      report.checked += batch.length;
      batch = [];
    };
    for await (const entry of store.scan()) {
      if (entry.modifiedAt.getTime() > cutoff) continue;
      if (entry.kind === 'temporary') temporaries.push(entry.name);
      else if (batch.push(entry.sha256) === SCAN_BATCH) await judge();
    }
    if (batch.length) await judge();

    // Never named by any row: always safe to remove.
    for (const name of temporaries) await store.removeTemporary(name);
    report.temporaries = temporaries.length;
    if (unnamed.length > Math.max(UNREFERENCED_LIMIT.files, report.checked * UNREFERENCED_LIMIT.share)) {
      report.held = unnamed.length;
      this.logger.error(`upload store scan: ${unnamed.length} of ${report.checked} stored files are named by no upload row, ` +
        'far more than crashes leave; removed none. Is this server on the right database? (docs/operations.md)');
      return report;
    }
    for (const sha256 of unnamed) {
      if (await this.uploads.removeContentIfUnused(sha256)) report.files += 1;
    }
    return report;
  }
}
