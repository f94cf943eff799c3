import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which uploads have been attached, so that the ones never attached can be removed
 * (uploads/upload-cleanup.service.ts).
 *
 * - `uploads.attached_at`: when a case or step first carried the photo; null while it never has.
 * - A row trigger on `case_events` sets it. A photo is always attached through an event — a new
 *   case's photos through its `create` event, written in the same statement as the case; a step's
 *   (note, resolve, verify) through the step's event — so the database keeps the flag for every
 *   writer, whatever its version. The trigger's UPDATE holds the upload rows locked until the
 *   transaction ends, which is what keeps the cleanup off them; and when an upload is already gone
 *   (the cleanup removed it between the request's checks and its insert) it fails the statement
 *   with SQLSTATE WU001, which the API answers as 400 PHOTO_INVALID. No event, and so no case, ever
 *   names a deleted upload.
 *
 * Only the column (no default: a catalog change, the table is not rewritten) and the trigger here,
 * committed before anything is backfilled: creating the trigger waits for the event inserts in
 * flight, and every later one runs it. The backfill of the photos attached before (which then
 * sees all of those inserts) and the indexes are the next migration, 1765670400000 — in this one,
 * a replica still on the old version could commit an event between the backfill's read and the
 * trigger's creation, and its photos would have been removed a day later.
 *
 * Runs on PostgreSQL 15 and PGlite.
 */
export class UploadAttachments1765584000000 implements MigrationInterface {
  name = 'UploadAttachments1765584000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE uploads ADD COLUMN attached_at timestamptz;

      CREATE FUNCTION case_events_attach_photos() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        wanted int := (SELECT count(DISTINCT p) FROM unnest(NEW.photo_ids) p);
        attached int;
      BEGIN
        UPDATE uploads SET attached_at = coalesce(attached_at, NEW.created_at) WHERE id = ANY(NEW.photo_ids);
        GET DIAGNOSTICS attached = ROW_COUNT;
        IF attached < wanted THEN
          RAISE EXCEPTION 'case event % names an upload that no longer exists', NEW.id USING ERRCODE = 'WU001';
        END IF;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER case_events_attach_photos AFTER INSERT ON case_events
        FOR EACH ROW WHEN (cardinality(NEW.photo_ids) > 0) EXECUTE FUNCTION case_events_attach_photos();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER case_events_attach_photos ON case_events;
      DROP FUNCTION case_events_attach_photos();
      ALTER TABLE uploads DROP COLUMN attached_at;
    `);
  }
}
