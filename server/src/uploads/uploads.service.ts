import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UploadResponse } from '@wuye/shared';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager, In } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { FileStore, LocalFileStore, unlinkIfPresent } from './file-store';
import { detectImageType } from './image-type';
import { Upload } from './upload.entity';

/** Photo ids as stored: lower case, each once. */
export function uniquePhotoIds(ids: string[] | undefined): string[] {
  return [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
}

/** Signed links expire at the next 10-minute boundary after the TTL, so a page's links stay stable. */
const EXPIRY_GRANULARITY_S = 600;

/** Photos one user may have uploaded and not yet submitted with a case or step (9 a case: a few drafts' worth). */
export const MAX_UNATTACHED_UPLOADS = 30;
/**
 * What one user may upload in any 24 hours, attached or not (photos deleted or cleaned up since no
 * longer count). The waiting cap alone let a bound owner attach junk photos to cases as fast as the
 * rate limits allow — gigabytes an hour on the volume every replica shares. An owner's real day is a
 * few cases of at most 9 photos (the mini-program sends them at ≤ 1600 px, well under 1 MB); staff
 * document many steps.
 */
export const UPLOADS_PER_DAY: Record<'owner' | 'staff', { photos: number; bytes: number }> = {
  owner: { photos: 100, bytes: 300 * 1024 * 1024 },
  staff: { photos: 500, bytes: 2 * 1024 * 1024 * 1024 },
};
/** How long a photo no case or step carries is kept (upload-cleanup.service.ts removes it then). */
export const UNATTACHED_UPLOAD_MAX_AGE_MS = 24 * 3_600_000;

/** Where the photos are stored (`DATA_DIR/uploads`, shared by the replicas). */
export const uploadsRoot = (dataDir: string): string => path.join(dataDir, 'uploads');

/**
 * Holds, until the transaction ends, the right to decide whether the bytes stored under `sha256`
 * stay: taken by an upload before its row is written and by the cleanup before it removes a file.
 */
export async function lockContent(tx: EntityManager, sha256: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('upload-content/' || $1, 0))`, [sha256]);
}

@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);
  /** Where the bytes are; the cleanup scans it for files no row names. */
  readonly store: FileStore;
  private readonly signingKey: Buffer;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.store = new LocalFileStore(uploadsRoot(config.dataDir));
    this.signingKey = createHash('sha256').update(`uploads:${config.jwtSecret}`).digest();
  }

  /**
   * Stores a photo received into the store's incoming folder (multer's disk storage writes and
   * fsyncs it there as it arrives: a 10 MB photo is never held in memory, however slowly it comes).
   * The received file is always gone when this returns: adopted under its sha256, or removed.
   */
  async save(user: AuthUser, file: Express.Multer.File | undefined): Promise<UploadResponse> {
    if (!file?.path) throw new AppException('UPLOAD_MISSING');
    try {
      if (!file.size) throw new AppException('UPLOAD_MISSING');
      const mime = detectImageType(await headOf(file.path, 12));
      if (!mime) throw new AppException('UPLOAD_TYPE_INVALID');
      const sha256 = await sha256Of(file.path);
      const id = await this.db.transaction(async (tx) => {
        // Photos wait for the case or step that carries them for up to 24 hours (then the cleanup removes
        // them): without a cap, one account could fill the shared volume with photos it never submits.
        // Counted under a lock of the uploader's, held to the commit: uploads sent at once are counted
        // one after another, each seeing the others' rows, so together they cannot pass the cap.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('uploads-of/' || $1, 0))`, [user.id]);
        const [{ waiting, photos, bytes }] = await tx.query(
          `SELECT count(*) FILTER (WHERE attached_at IS NULL)::int AS waiting, count(*)::int AS photos, coalesce(sum(size), 0)::float8 AS bytes
           FROM uploads WHERE uploader_id = $1 AND created_at > $2`,
          [user.id, new Date(this.clock.now().getTime() - UNATTACHED_UPLOAD_MAX_AGE_MS)]) as [{ waiting: number; photos: number; bytes: number }];
        if (waiting >= MAX_UNATTACHED_UPLOADS) throw new AppException('UPLOAD_QUOTA_EXCEEDED');
        const perDay = UPLOADS_PER_DAY[user.role === 'owner' ? 'owner' : 'staff'];
        if (photos >= perDay.photos || bytes + file.size > perDay.bytes) throw new AppException('UPLOAD_DAILY_LIMIT');
        await lockContent(tx, sha256);
        // A rename and a directory fsync: quick enough to do under the lock, so the cleanup cannot
        // remove these bytes (their last row gone) between their storing and this row.
        await this.store.adopt(file.path, sha256);
        const inserted = await tx.getRepository(Upload).insert({ sha256, mime, size: file.size, uploaderId: user.id, createdAt: this.clock.now() });
        return (inserted.identifiers[0] as { id: string }).id;
      });
      return { id, url: this.signedUrl(id) };
    } finally {
      await unlinkIfPresent(file.path);
    }
  }

  /**
   * Deletes one of the caller's photos that no case or step carries yet (removed in the picker before
   * submitting), so it stops counting toward MAX_UNATTACHED_UPLOADS and its bytes go now rather than
   * in the next day's cleanup. Someone else's upload is answered as unknown. Against an attach at the
   * same moment, as the cleanup: the attach holds the row locked; the delete waits, re-reads it
   * attached and deletes nothing (409); or the delete goes first and the attach is refused as an
   * unknown photo (400 PHOTO_INVALID).
   */
  async remove(user: AuthUser, id: string): Promise<void> {
    // TypeORM answers a DELETE … RETURNING with [rows, count].
    const [[deleted]] = (await this.db.query(
      `DELETE FROM uploads WHERE id = $1 AND uploader_id = $2 AND attached_at IS NULL RETURNING sha256`, [id, user.id],
    )) as [{ sha256: string }[], number];
    if (!deleted) {
      const [own] = await this.db.query('SELECT 1 FROM uploads WHERE id = $1 AND uploader_id = $2', [id, user.id]);
      throw new AppException(own ? 'UPLOAD_ATTACHED' : 'UPLOAD_NOT_FOUND');
    }
    // After the row's commit, as the cleanup does: a failure here leaves bytes for the store scan.
    await this.removeContentIfUnused(deleted.sha256).catch((error: Error) =>
      this.logger.warn(`upload ${id}: its file stays for the store scan (${error.message})`));
  }

  /**
   * Removes the bytes stored under `sha256` unless an upload row still names them (the same photo
   * uploaded twice is stored once). Under the content lock, so an upload of the same bytes at that
   * moment either commits its row first (the file stays) or finds the file gone and stores it again.
   * False when a row still names them; true when they were removed (or were already missing).
   */
  async removeContentIfUnused(sha256: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await lockContent(tx, sha256);
      const [named] = await tx.query('SELECT 1 FROM uploads WHERE sha256 = $1 LIMIT 1', [sha256]);
      if (named) return false;
      await this.store.remove(sha256);
      return true;
    });
  }

  /** A short-lived link; handed out only in responses to users who may see the photo. */
  signedUrl(id: string): string {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const exp = Math.ceil((now + this.config.uploads.urlTtlSeconds) / EXPIRY_GRANULARITY_S) * EXPIRY_GRANULARITY_S;
    return `/api/uploads/${id}/content?exp=${exp}&sig=${this.sign(id, exp)}`;
  }

  /** The photo behind a signed link, as a stream: a 10 MB photo is sent as it is read, never held whole. */
  async readSigned(id: string, exp: string, sig: string): Promise<{ mime: string; stream: Readable; size: number }> {
    const expires = Number(exp);
    const expected = Buffer.from(this.sign(id, expires));
    const given = Buffer.from(String(sig));
    const valid = Number.isInteger(expires) && given.length === expected.length && timingSafeEqual(given, expected);
    if (!valid || expires * 1000 < this.clock.now().getTime()) throw new AppException('UPLOAD_LINK_INVALID');
    const row = await this.db.getRepository(Upload).findOneBy({ id });
    if (!row) throw new AppException('UPLOAD_NOT_FOUND');
    const stored = await this.store.openRead(row.sha256);
    if (!stored) {
      // A row without its file: the file was lost or deleted after it was acknowledged. Say so
      // loudly for operators; the viewer gets an ordinary "no such photo".
      this.logger.error(`upload ${row.id}: stored file ${row.sha256} is missing`);
      throw new AppException('UPLOAD_NOT_FOUND');
    }
    return { mime: row.mime, ...stored };
  }

  /** Photos attached to a case or step must be the caller's own uploads. */
  async assertOwnPhotos(manager: EntityManager, user: AuthUser, ids: string[] | undefined): Promise<string[]> {
    const unique = uniquePhotoIds(ids);
    if (!unique.length) return [];
    if (unique.length > 9) throw new AppException('TOO_MANY_PHOTOS');
    this.checkOwnPhotos(unique, await manager.getRepository(Upload).countBy({ id: In(unique), uploaderId: user.id }));
    return unique;
  }

  /** The check of assertOwnPhotos when the caller counted `own` (how many of `unique` are the caller's uploads) itself. */
  checkOwnPhotos(unique: string[], own: number): void {
    if (unique.length > 9) throw new AppException('TOO_MANY_PHOTOS');
    if (own !== unique.length) throw new AppException('PHOTO_INVALID');
  }

  private sign(id: string, exp: number): string {
    return createHmac('sha256', this.signingKey).update(`${id}.${exp}`).digest('base64url');
  }
}

/** The first `n` bytes of `file` (fewer when it is shorter). */
async function headOf(file: string, n: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(n), 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The sha256 of `file`, read as a stream. */
async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
