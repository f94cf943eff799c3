import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks attached every upload that a case, an event or a verification already names (as attached at
 * the upload's own time), after 1765584000000 committed the trigger that marks every later attach;
 * then the indexes the cleanup reads:
 *
 * - `uploads_unattached_idx`: the cleanup's work list;
 * - `uploads_sha256_idx`: whether any upload still names some stored bytes (content is shared: the
 *   same photo uploaded twice is stored once).
 *
 * Row locks only on `uploads` while the tables are read (photos stay readable; an attach of one of
 * the rows being marked waits for this commit); the index builds then hold back new uploads for as
 * long as they take. Without this backfill the cleanup's first run would remove every photo taken
 * before the upgrade: `upload-cleanup.e2e-spec.ts` runs it on such a photo.
 */
export class UploadAttachmentsBackfill1765670400000 implements MigrationInterface {
  name = 'UploadAttachmentsBackfill1765670400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE uploads SET attached_at = created_at
      WHERE attached_at IS NULL
        AND id IN (SELECT unnest(photo_ids) FROM case_events WHERE cardinality(photo_ids) > 0
                   UNION SELECT unnest(photo_ids) FROM cases WHERE cardinality(photo_ids) > 0
                   UNION SELECT unnest(photo_ids) FROM verifications WHERE cardinality(photo_ids) > 0);
      CREATE INDEX uploads_unattached_idx ON uploads (created_at) WHERE attached_at IS NULL;
      CREATE INDEX uploads_sha256_idx ON uploads (sha256);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The marks stay: they are true, and the previous migration's down drops the column.
    await q.query(`
      DROP INDEX uploads_sha256_idx;
      DROP INDEX uploads_unattached_idx;
    `);
  }
}
