import type { UploadResponse } from '@wuye/shared';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UploadAttachmentsBackfill1765670400000 } from '../src/database/migrations/1765670400000-upload-attachments-backfill';
import { UNREFERENCED_FILE_MIN_AGE_MS, UploadCleanupService } from '../src/uploads/upload-cleanup.service';
import { UNATTACHED_UPLOAD_MAX_AGE_MS } from '../src/uploads/uploads.service';
import { lockContent, UploadsService } from '../src/uploads/uploads.service';
import { caseIn, newCrew, type Crew } from './support/scenario';
import { PNG_1X1, TestContext, type Actor } from './support/test-context';
import { untilWaiting } from './support/waiting';

const MIN = 60_000;
/** On the PostgreSQL server requests really overlap; the embedded database runs one transaction at a time. */
const onServer = !!process.env.DATABASE_URL;

/** Photos uploaded and never attached are removed after 24 hours, row and file; attached and fresh ones stay. */
describe(UploadCleanupService.name, () => {
  let ctx: TestContext;
  let crew: Crew;
  let owner: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 2);
    owner = crew.owners[0];
  });
  afterAll(() => ctx?.close());

  const sut = () => ctx.app.get(UploadCleanupService);
  const olderThanTheLimit = () => ctx.clock.advance(UNATTACHED_UPLOAD_MAX_AGE_MS + MIN);
  /** A valid PNG whose bytes, and so whose stored file, belong to this test alone. */
  const photo = (label: string) => Buffer.concat([PNG_1X1, Buffer.from(label)]);
  const upload = async (actor: Actor, bytes: Buffer): Promise<UploadResponse> =>
    (await ctx.as(actor).post('/api/uploads').attach('file', bytes, 'photo.png').expect(201)).body;
  const shaOf = async (id: string): Promise<string> => (await ctx.db.query('SELECT sha256 FROM uploads WHERE id = $1', [id]))[0].sha256;
  const fileOf = (sha256: string) => path.join(ctx.config.dataDir, 'uploads', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const rowExists = async (id: string): Promise<boolean> => (await ctx.db.query('SELECT 1 FROM uploads WHERE id = $1', [id])).length === 1;
  /** The status a viewer gets for the photo now, through a freshly signed link (the upload's own has expired by then). */
  const servedStatus = async (id: string): Promise<number> => (await ctx.http.get(ctx.app.get(UploadsService).signedUrl(id))).status;
  const submitWith = (photoIds: string[]) => ctx.as(owner).post('/api/cases')
    .send({ type: 'repair', category: '水电', description: '卫生间漏水，见照片', houseId: crew.houseId, photoIds });

  const someoneWaitsForALock = () => untilWaiting(ctx);

  it('removes an upload never attached once it is 24 hours old: its row, its file and its link', async () => {
    const abandoned = await upload(owner, photo('abandoned'));
    const sha256 = await shaOf(abandoned.id);

    ctx.clock.advance(UNATTACHED_UPLOAD_MAX_AGE_MS - MIN);
    expect(await sut().runOnce()).toEqual({ uploads: 0, files: 0 });
    expect(await rowExists(abandoned.id)).toBe(true);
    expect(await servedStatus(abandoned.id)).toBe(200);

    ctx.clock.advance(2 * MIN);
    expect(await sut().runOnce()).toEqual({ uploads: 1, files: 1 });
    expect(await rowExists(abandoned.id)).toBe(false);
    expect(fs.existsSync(fileOf(sha256))).toBe(false);
    const gone = await ctx.http.get(ctx.app.get(UploadsService).signedUrl(abandoned.id)).expect(404);
    expect(gone.body.code).toBe('UPLOAD_NOT_FOUND');
  });

  it('keeps old uploads that a case or a step carries, and fresh ones', async () => {
    const ofCase = await upload(owner, photo('on the case'));
    const c = (await submitWith([ofCase.id]).expect(201)).body;
    const ofResolve = await upload(crew.handler, photo('on the resolve step'));
    const started = await caseIn(ctx, crew, 'in_progress');
    await ctx.act(crew.handler, started.id, 'resolve', { note: '已更换阀门', photoIds: [ofResolve.id] });
    const ofVerify = await upload(owner, photo('on the verification'));
    await ctx.act(owner, started.id, 'verify', { fixed: 'no', reason: '还在滴水', photoIds: [ofVerify.id] });

    olderThanTheLimit();
    const fresh = await upload(owner, photo('fresh'));
    await sut().runOnce();

    for (const kept of [ofCase, ofResolve, ofVerify, fresh]) {
      expect({ id: kept.id, row: await rowExists(kept.id), file: fs.existsSync(fileOf(await shaOf(kept.id))) })
        .toEqual({ id: kept.id, row: true, file: true });
      expect(await servedStatus(kept.id)).toBe(200);
    }
    // As the case's viewers see them.
    const detail = (await ctx.as(crew.agent).get(`/api/cases/${c.id}`).expect(200)).body;
    await ctx.http.get(detail.photoUrls[0]).expect(200);
    const timeline = (await ctx.as(crew.agent).get(`/api/cases/${started.id}`).expect(200)).body.events;
    for (const url of timeline.flatMap((e: { photoUrls: string[] }) => e.photoUrls)) await ctx.http.get(url).expect(200);

    // Once it too is 24 hours old, the fresh one goes.
    olderThanTheLimit();
    await sut().runOnce();
    expect(await rowExists(fresh.id)).toBe(false);
    expect(await rowExists(ofCase.id)).toBe(true);
  });

  it('keeps the photos attached before the upgrade: the backfill marks them (migration 1765670400000)', async () => {
    const before = await upload(owner, photo('attached before the upgrade'));
    const c = (await submitWith([before.id]).expect(201)).body;
    const fresh = await upload(owner, photo('uploaded before the upgrade, never attached'));
    // As the data stood before the trigger existed: nothing marked.
    const migration = new UploadAttachmentsBackfill1765670400000();
    await ctx.db.transaction((tx) => migration.down(tx.queryRunner!));
    await ctx.db.query('UPDATE uploads SET attached_at = NULL WHERE id = ANY($1::uuid[])', [[before.id, fresh.id]]);
    await ctx.db.transaction((tx) => migration.up(tx.queryRunner!));

    olderThanTheLimit();
    await sut().runOnce();
    expect(await rowExists(before.id)).toBe(true);
    expect(await rowExists(fresh.id)).toBe(false);
    const detail = (await ctx.as(crew.agent).get(`/api/cases/${c.id}`).expect(200)).body;
    await ctx.http.get(detail.photoUrls[0]).expect(200);
  });

  it('keeps the stored bytes while another upload still names them', async () => {
    const bytes = photo('uploaded twice');
    const attached = await upload(owner, bytes);
    const abandoned = await upload(crew.owners[1], bytes);
    await submitWith([attached.id]).expect(201);
    const twiceAbandoned = [await upload(owner, photo('abandoned twice')), await upload(crew.owners[1], photo('abandoned twice'))];

    olderThanTheLimit();
    await sut().runOnce();

    expect(await rowExists(abandoned.id)).toBe(false);
    expect(fs.existsSync(fileOf(await shaOf(attached.id)))).toBe(true);
    expect(await servedStatus(attached.id)).toBe(200);
    expect([await rowExists(twiceAbandoned[0].id), await rowExists(twiceAbandoned[1].id)]).toEqual([false, false]);
    expect(fs.existsSync(fileOf(createHash('sha256').update(photo('abandoned twice')).digest('hex')))).toBe(false);
  });

  it('removes the row of an upload whose file is already missing', async () => {
    const lost = await upload(owner, photo('file already gone'));
    fs.rmSync(fileOf(await shaOf(lost.id)));
    olderThanTheLimit();
    await expect(sut().runOnce()).resolves.toMatchObject({ uploads: 1 });
    expect(await rowExists(lost.id)).toBe(false);
  });

  describe('the store scan: files no upload names (a crash between a file and its row)', () => {
    /** Bytes written straight into the store, as a crash after the write and before the row leaves them. */
    const leftOver = (label: string, ageMs: number): string => {
      const bytes = photo(label);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(path.dirname(fileOf(sha256)), { recursive: true });
      fs.writeFileSync(fileOf(sha256), bytes);
      const at = new Date(ctx.clock.now().getTime() - ageMs);
      fs.utimesSync(fileOf(sha256), at, at);
      return sha256;
    };
    const temporaryOf = (sha256: string, ageMs: number): string => {
      const file = `${fileOf(sha256)}.4242.${ctx.clock.now().getTime()}.tmp`;
      fs.writeFileSync(file, 'half a photo');
      const at = new Date(ctx.clock.now().getTime() - ageMs);
      fs.utimesSync(file, at, at);
      return file;
    };

    it('removes old files and temporaries no upload names, and keeps every photo a row names and every young file', async () => {
      const attached = await upload(owner, photo('attached, old file'));
      await submitWith([attached.id]).expect(201);
      const unattached = await upload(owner, photo('uploaded an hour ago, not yet attached'));
      const attachedFile = fileOf(await shaOf(attached.id));
      const unattachedFile = fileOf(await shaOf(unattached.id));
      const twoHoursAgo = new Date(ctx.clock.now().getTime() - 2 * UNREFERENCED_FILE_MIN_AGE_MS);
      for (const file of [attachedFile, unattachedFile]) fs.utimesSync(file, twoHoursAgo, twoHoursAgo);

      const orphan = leftOver('crashed before its row', 2 * UNREFERENCED_FILE_MIN_AGE_MS);
      const young = leftOver('written a minute ago, its row not yet committed', MIN);
      const staleTemporary = temporaryOf(orphan, 2 * UNREFERENCED_FILE_MIN_AGE_MS);
      const writing = temporaryOf(young, MIN);

      const report = await sut().removeUnreferencedFiles();

      expect(report).toMatchObject({ files: 1, temporaries: 1, held: 0 });
      expect(fs.existsSync(fileOf(orphan))).toBe(false);
      expect(fs.existsSync(staleTemporary)).toBe(false);
      for (const kept of [attachedFile, unattachedFile, fileOf(young), writing]) expect({ kept, there: fs.existsSync(kept) }).toEqual({ kept, there: true });
      expect(await servedStatus(attached.id)).toBe(200);
      expect(await servedStatus(unattached.id)).toBe(200);
      // Nothing left to remove: a second scan removes nothing.
      expect(await sut().removeUnreferencedFiles()).toMatchObject({ files: 0, temporaries: 0 });
    });

    it('keeps a left-over file that an upload of the same photo names while the scan is judging it', async () => {
      const label = 'left over, named again during the scan';
      const orphan = leftOver(label, 2 * UNREFERENCED_FILE_MIN_AGE_MS);
      // An upload of the same bytes caught before its commit: it holds the content lock, its row written.
      const uploading = ctx.db.createQueryRunner();
      await uploading.connect();
      await uploading.startTransaction();
      await lockContent(uploading.manager, orphan);
      const [{ id }] = await uploading.query(
        `INSERT INTO uploads (sha256, mime, size, uploader_id, created_at) VALUES ($1, 'image/png', $2, $3, $4) RETURNING id`,
        [orphan, photo(label).length, owner.id, ctx.clock.now()]);
      // On PostgreSQL the scan's lookup sees no committed row and its removal waits for the lock; on
      // the embedded database the scan waits for the connection.
      const scanning = sut().removeUnreferencedFiles();
      await someoneWaitsForALock();
      await uploading.commitTransaction();
      await uploading.release();

      expect(await scanning).toMatchObject({ files: 0 });
      expect(fs.existsSync(fileOf(orphan))).toBe(true);
      expect(await servedStatus(id)).toBe(200);
    });

    it('removes none when far more files are unnamed than crashes leave (the wrong database?), and says so', async () => {
      const many = Array.from({ length: 120 }, (_, i) => leftOver(`not this database's photo ${i}`, 2 * UNREFERENCED_FILE_MIN_AGE_MS));
      const report = await sut().removeUnreferencedFiles();
      expect(report).toMatchObject({ files: 0, held: 120 });
      expect(many.every((sha256) => fs.existsSync(fileOf(sha256)))).toBe(true);
      for (const sha256 of many) fs.rmSync(fileOf(sha256));
    });

    it('keeps a left-over file that an upload of the same photo names again', async () => {
      const orphan = leftOver('left over, then uploaded again', 2 * UNREFERENCED_FILE_MIN_AGE_MS);
      const again = await upload(owner, photo('left over, then uploaded again'));
      expect(await shaOf(again.id)).toBe(orphan);

      await sut().removeUnreferencedFiles();
      expect(fs.existsSync(fileOf(orphan))).toBe(true);
      expect(await servedStatus(again.id)).toBe(200);
    });
  });

  describe('racing the cleanup (held mid-way on PostgreSQL; queued one after the other on the embedded database)', () => {
    it('is refused PHOTO_INVALID, writing nothing, when the cleanup holds the upload first', async () => {
      const photoId = (await upload(owner, photo('removed while attached'))).id;
      olderThanTheLimit();
      const before = { cases: await ctx.countRows('cases'), events: await ctx.countRows('case_events') };

      // The cleanup's statement, caught between claiming the row and committing its deletion.
      const cleanup = ctx.db.createQueryRunner();
      await cleanup.connect();
      await cleanup.startTransaction();
      await cleanup.query('SELECT id FROM uploads WHERE id = $1 FOR UPDATE SKIP LOCKED', [photoId]);
      await cleanup.query('DELETE FROM uploads WHERE id = $1', [photoId]);
      // On PostgreSQL the submission passes its checks (the deletion is not committed) and its insert
      // waits for the row; on the embedded database it waits for the connection.
      const submission = submitWith([photoId]).then((res) => res);
      await someoneWaitsForALock();
      await cleanup.commitTransaction();
      await cleanup.release();

      const res = await submission;
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'PHOTO_INVALID' });
      expect({ cases: await ctx.countRows('cases'), events: await ctx.countRows('case_events') }).toEqual(before);
    });

    it('keeps the upload, attached for good, when the attach holds it first', async () => {
      const photoId = (await upload(owner, photo('attached while cleaning'))).id;
      const c = await caseIn(ctx, crew, 'accepted');
      olderThanTheLimit();

      // A step carrying the photo, caught before its commit (the trigger has marked and locked the upload).
      const step = ctx.db.createQueryRunner();
      await step.connect();
      await step.startTransaction();
      await step.query(
        `INSERT INTO case_events (case_id, cycle, action, from_status, to_status, actor_id, actor_role, note, photo_ids, created_at)
         VALUES ($1, 1, 'note', 'accepted', 'accepted', $2, 'agent', '现场照片', ARRAY[$3::uuid], $4)`,
        [c.id, crew.agent.id, photoId, ctx.clock.now()]);
      const cleaning = sut().runOnce();
      // On PostgreSQL the cleanup skips the locked row and finishes while the step is still open.
      if (onServer) await cleaning;
      await step.commitTransaction();
      await step.release();
      await cleaning;
      await sut().runOnce();

      expect(await rowExists(photoId)).toBe(true);
      expect(await servedStatus(photoId)).toBe(200);
    });

    it('stores the bytes again for an upload of the same photo made while the cleanup removes them', async () => {
      const bytes = photo('uploaded again while cleaning');
      const first = await upload(owner, bytes);
      const sha256 = await shaOf(first.id);
      await ctx.db.query('DELETE FROM uploads WHERE id = $1', [first.id]);

      // The cleanup removing the file, caught after its check that no upload names the bytes.
      const cleanup = ctx.db.createQueryRunner();
      await cleanup.connect();
      await cleanup.startTransaction();
      await lockContent(cleanup.manager, sha256);
      expect(await cleanup.query('SELECT 1 FROM uploads WHERE sha256 = $1', [sha256])).toEqual([]);
      const again = ctx.as(owner).post('/api/uploads').attach('file', bytes, 'again.png').then((res) => res);
      await someoneWaitsForALock();
      fs.rmSync(fileOf(sha256));
      await cleanup.commitTransaction();
      await cleanup.release();

      const res = await again;
      expect(res.status).toBe(201);
      expect(fs.readFileSync(fileOf(sha256)).equals(bytes)).toBe(true);
      expect(await servedStatus(res.body.id)).toBe(200);
    });
  });
});
