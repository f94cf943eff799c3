import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's uploads by time: the upload quota (uploads.service.ts) counts a user's photos of the last
 * 24 hours, attached or not, on every upload. The index on the uploader alone would read all of a
 * long-serving handler's photos each time.
 */
export class UploadsPerDay1766793600000 implements MigrationInterface {
  name = 'UploadsPerDay1766793600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX uploads_uploader_created_idx ON uploads (uploader_id, created_at);
      DROP INDEX uploads_uploader_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX uploads_uploader_idx ON uploads (uploader_id);
      DROP INDEX uploads_uploader_created_idx;
    `);
  }
}
