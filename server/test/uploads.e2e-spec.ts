import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { newCrew, type Crew } from './support/scenario';
import { MAX_UNATTACHED_UPLOADS, UPLOADS_PER_DAY, UploadsService } from '../src/uploads/uploads.service';
import { PNG_1X1, TestContext, type Actor } from './support/test-context';
import { until } from './support/waiting';

const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64, 1), Buffer.from('ffd9', 'hex')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(24, 2)]);

/** Photos: checked by their bytes, stored by content, served by short-lived signed links to those who may see them. */
describe('uploads', () => {
  let ctx: TestContext;
  let crew: Crew;
  let owner: Actor;
  let stranger: Actor;

  beforeAll(async () => {
    ctx = await TestContext.create();
    crew = await newCrew(ctx, await ctx.newWorld(), 2);
    owner = crew.owners[0];
    stranger = await ctx.newOwner((await ctx.newWorld()).houseIds[0]);
  });
  afterAll(() => ctx?.close());

  const upload = (actor: Actor, bytes: Buffer, name: string) => ctx.as(actor).post('/api/uploads').attach('file', bytes, name);
  /** What waits in the folder uploads are received into: nothing, once each request is answered. */
  const received = () => fs.readdirSync(ctx.app.get(UploadsService).store.incomingDir);

  it.each([
    ['PNG', PNG_1X1, 'photo.png', 'image/png'],
    ['JPEG', JPEG, 'photo.jpg', 'image/jpeg'],
    ['WebP', WEBP, 'photo.webp', 'image/webp'],
    ['JPEG named .txt', JPEG, 'notes.txt', 'image/jpeg'],
  ])('accepts a %s by its bytes and serves it through the signed link, without a token', async (_label, bytes, name, mime) => {
    const res = await upload(owner, bytes, name).expect(201);
    expect(res.body.url).toMatch(new RegExp(`^/api/uploads/${res.body.id}/content\\?exp=\\d+&sig=`));
    const served = await ctx.http.get(res.body.url).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(served.headers['content-type']).toContain(mime);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-length']).toBe(String(bytes.length));
    expect(Buffer.compare(served.body as Buffer, bytes)).toBe(0);
    expect(received()).toEqual([]);
  });

  it.each([
    ['text named .png', Buffer.from('hello, this is not an image'), 'evil.png'],
    ['HTML named .jpg', Buffer.from('<html><script>alert(1)</script></html>'), 'x.jpg'],
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'a.gif'],
    ['a truncated PNG signature', PNG_1X1.subarray(0, 6), 'short.png'],
  ])('refuses %s with 415 and stores nothing', async (_label, bytes, name) => {
    const before = await ctx.countRows('uploads');
    const res = await upload(owner, bytes, name).expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, code: 'UPLOAD_TYPE_INVALID' });
    expect(await ctx.countRows('uploads')).toBe(before);
    expect(received()).toEqual([]);
  });

  it('refuses a file over 10 MB with 413 and stores nothing', async () => {
    const before = await ctx.countRows('uploads');
    const big = Buffer.concat([PNG_1X1, Buffer.alloc(10 * 1024 * 1024)]);
    const res = await upload(owner, big, 'big.png');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'UPLOAD_TOO_LARGE' });
    expect(await ctx.countRows('uploads')).toBe(before);
    expect(received()).toEqual([]);
  });

  it('stores the same bytes once, whoever uploads them', async () => {
    const bytes = Buffer.concat([PNG_1X1, Buffer.from('same-content')]);
    const a = await upload(owner, bytes, 'a.png').expect(201);
    const b = await upload(crew.owners[1], bytes, 'b.png').expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    const rows = await ctx.db.query('SELECT DISTINCT sha256 FROM uploads WHERE id = ANY($1::uuid[])', [[a.body.id, b.body.id]]);
    expect(rows).toHaveLength(1);
    const file = path.join(ctx.config.dataDir, 'uploads', rows[0].sha256.slice(0, 2), rows[0].sha256.slice(2, 4), rows[0].sha256);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('answers 404 UPLOAD_NOT_FOUND, not a 500, for an upload whose stored file is missing', async () => {
    const bytes = Buffer.concat([PNG_1X1, Buffer.from('soon-missing')]);
    const res = await upload(owner, bytes, 'gone.png').expect(201);
    const [{ sha256 }] = await ctx.db.query('SELECT sha256 FROM uploads WHERE id = $1', [res.body.id]);
    fs.rmSync(path.join(ctx.config.dataDir, 'uploads', sha256.slice(0, 2), sha256.slice(2, 4), sha256));
    const served = await ctx.http.get(res.body.url).expect(404);
    expect(served.body).toEqual({ statusCode: 404, code: 'UPLOAD_NOT_FOUND', message: '图片不存在' });
  });

  describe('signed links', () => {
    let url: string;
    beforeAll(async () => {
      url = (await upload(owner, PNG_1X1, 'p.png').expect(201)).body.url;
    });

    const parts = () => {
      const u = new URL(url, 'http://x');
      return { path: u.pathname, exp: u.searchParams.get('exp')!, sig: u.searchParams.get('sig')! };
    };

    it('refuses a tampered signature, expiry or id with 403', async () => {
      const { path: p, exp, sig } = parts();
      const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
      const otherId = (await upload(owner, JPEG, 'j.jpg').expect(201)).body.id;
      for (const bad of [
        `${p}?exp=${exp}&sig=${flipped}`,
        `${p}?exp=${Number(exp) + 600}&sig=${sig}`,
        `/api/uploads/${otherId}/content?exp=${exp}&sig=${sig}`,
        `${p}?exp=${exp}`,
        `${p}`,
        `${p}?exp=abc&sig=${sig}`,
      ]) {
        const res = await ctx.http.get(bad);
        expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 403, code: 'UPLOAD_LINK_INVALID' });
      }
    });

    it('refuses an expired link', async () => {
      await ctx.http.get(url).expect(200);
      const { exp } = parts();
      ctx.clock.set(new Date(Number(exp) * 1000 + 1000));
      const res = await ctx.http.get(url).expect(403);
      expect(res.body.code).toBe('UPLOAD_LINK_INVALID');
    });
  });

  describe('privacy', () => {
    it('lets nobody attach someone else\'s upload', async () => {
      const mine = (await upload(owner, PNG_1X1, 'mine.png').expect(201)).body.id;
      const before = await ctx.countRows('cases');
      const res = await ctx.as(stranger).post('/api/cases')
        .send({ type: 'repair', category: '水电', description: '借用别人的照片', communityId: (await ctx.as(stranger).get('/api/me')).body.houses[0].communityId, location: '门口', photoIds: [mine] })
        .expect(400);
      expect(res.body.code).toBe('PHOTO_INVALID');
      expect(await ctx.countRows('cases')).toBe(before);
      // Not even staff may pass an owner's photo off as their own note.
      const c = await ctx.newCase(owner, crew.houseId);
      await ctx.act(crew.agent, c.id, 'accept');
      const note = await ctx.as(crew.agent).post(`/api/cases/${c.id}/note`).send({ note: '见照片', photoIds: [mine] }).expect(400);
      expect(note.body.code).toBe('PHOTO_INVALID');
    });

    it('hands photo links only to people who may see the case', async () => {
      const photo = (await upload(owner, JPEG, 'leak.jpg').expect(201)).body.id;
      const c = (await ctx.as(owner).post('/api/cases')
        .send({ type: 'repair', category: '水电', description: '客厅天花板渗水', houseId: crew.houseId, photoIds: [photo] }).expect(201)).body;
      expect(c.photoIds).toEqual([photo]);
      expect(c.photoUrls).toHaveLength(1);
      expect(c.events[0].photoUrls).toHaveLength(1);

      const agentView = await ctx.as(crew.agent).get(`/api/cases/${c.id}`).expect(200);
      await ctx.http.get(agentView.body.photoUrls[0]).expect(200);

      await ctx.as(stranger).get(`/api/cases/${c.id}`).expect(404);
      const strangerList = await ctx.as(stranger).get('/api/cases?pageSize=100').expect(200);
      expect(JSON.stringify(strangerList.body)).not.toContain(photo);
      const idle = await ctx.newStaff('handler', [crew.world.communityId]);
      expect(JSON.stringify((await ctx.as(idle).get('/api/cases?pageSize=100').expect(200)).body)).not.toContain(photo);
    });
  });

  it('takes 30 photos a user has not submitted yet, refuses the 31st with 429 storing nothing, and takes more once some are submitted', async () => {
    const uploader = await ctx.newOwner(crew.houseId);
    const ids: string[] = [];
    for (let i = 0; i < MAX_UNATTACHED_UPLOADS; i++) ids.push((await upload(uploader, PNG_1X1, `p${i}.png`).expect(201)).body.id);
    const rows = await ctx.countRows('uploads');
    const refused = await upload(uploader, JPEG, 'one-more.jpg').expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'UPLOAD_QUOTA_EXCEEDED', message: '已上传但尚未提交的图片过多，请先提交报事，或 24 小时后再试' });
    expect(await ctx.countRows('uploads')).toBe(rows);
    // Another user is not held back by this one.
    await upload(owner, JPEG, 'mine.jpg').expect(201);
    // Nine of them submitted with a case: nine more may wait.
    await ctx.as(uploader).post('/api/cases')
      .send({ type: 'repair', category: '水电', description: '照片随报事提交', houseId: crew.houseId, photoIds: ids.slice(0, 9) }).expect(201);
    await upload(uploader, JPEG, 'after.jpg').expect(201);
  });

  describe('what one user may upload in 24 hours, attached or not', () => {
    /** Photos this user uploaded `hoursAgo` and a case already carries (rows only: their bytes do not matter here). */
    const submittedEarlier = (uploader: Actor, count: number, size: number, hoursAgo = 1) => ctx.db.query(
      `INSERT INTO uploads (sha256, mime, size, uploader_id, created_at, attached_at)
       SELECT repeat('e', 64), 'image/png', $2, $1, now() - make_interval(hours => $3), now() - make_interval(hours => $3)
       FROM generate_series(1, $4)`, [uploader.id, size, hoursAgo, count]);

    it('stops an owner at 100 photos a day with 429, storing nothing, while others and older photos are not counted', async () => {
      const uploader = await ctx.newOwner(crew.houseId);
      await submittedEarlier(uploader, 50, 1000, 30); // yesterday's do not count
      await submittedEarlier(uploader, UPLOADS_PER_DAY.owner.photos - 1, 1000);
      const last = await upload(uploader, PNG_1X1, 'last.png').expect(201);
      const rows = await ctx.countRows('uploads');
      const refused = await upload(uploader, PNG_1X1, 'one-more.png').expect(429);
      expect(refused.body).toEqual({ statusCode: 429, code: 'UPLOAD_DAILY_LIMIT', message: '24 小时内上传的图片已达上限，请稍后再试' });
      expect(await ctx.countRows('uploads')).toBe(rows);
      expect(received()).toEqual([]);
      // Another owner is not held back; a photo deleted before it was submitted makes room again.
      await upload(crew.owners[1], PNG_1X1, 'theirs.png').expect(201);
      await ctx.as(uploader).delete(`/api/uploads/${last.body.id}`).expect(204);
      await upload(uploader, PNG_1X1, 'again.png').expect(201);
    });

    it('stops an owner whose photos of the day would pass 300 MB, and lets staff upload more', async () => {
      const uploader = await ctx.newOwner(crew.houseId);
      await submittedEarlier(uploader, 3, UPLOADS_PER_DAY.owner.bytes / 3 - 40);
      await upload(uploader, PNG_1X1, 'small.png').expect(201); // 67 bytes: still under
      expect((await upload(uploader, JPEG, 'over.jpg').expect(429)).body.code).toBe('UPLOAD_DAILY_LIMIT');

      const handler = await ctx.newStaff('handler', [crew.world.communityId]);
      await submittedEarlier(handler, UPLOADS_PER_DAY.owner.photos, 1000);
      await upload(handler, PNG_1X1, 'step.png').expect(201);
      await submittedEarlier(handler, UPLOADS_PER_DAY.staff.photos - UPLOADS_PER_DAY.owner.photos - 1, 1000);
      expect((await upload(handler, PNG_1X1, 'step.png').expect(429)).body.code).toBe('UPLOAD_DAILY_LIMIT');
    });
  });

  describe('removing a photo before it is submitted', () => {
    const storedFile = (sha256: string) => path.join(ctx.config.dataDir, 'uploads', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

    it('deletes it, its link stops working, its bytes go, and it no longer counts toward the 30 waiting', async () => {
      const uploader = await ctx.newOwner(crew.houseId);
      const ids: string[] = [];
      for (let i = 0; i < MAX_UNATTACHED_UPLOADS; i++) ids.push((await upload(uploader, PNG_1X1, `p${i}.png`).expect(201)).body.id);
      const own = Buffer.concat([JPEG.subarray(0, -2), Buffer.from(`removed-${uploader.id}`), Buffer.from('ffd9', 'hex')]);
      await upload(uploader, own, 'blocked.jpg').expect(429);
      // Picked by mistake and removed in the picker: room for the photo the owner meant.
      await ctx.as(uploader).delete(`/api/uploads/${ids[0]}`).expect(204);
      const meant = await upload(uploader, own, 'meant.jpg').expect(201);
      const [{ sha256 }] = await ctx.db.query('SELECT sha256 FROM uploads WHERE id = $1', [meant.body.id]);
      expect(fs.existsSync(storedFile(sha256))).toBe(true);

      await ctx.as(uploader).delete(`/api/uploads/${meant.body.id}`).expect(204);
      expect(await ctx.db.query('SELECT 1 FROM uploads WHERE id = $1', [meant.body.id])).toEqual([]);
      expect(fs.existsSync(storedFile(sha256))).toBe(false);
      expect((await ctx.http.get(meant.body.url).expect(404)).body.code).toBe('UPLOAD_NOT_FOUND');
      // A case naming it is refused as it would be for any unknown photo.
      const refused = await ctx.as(uploader).post('/api/cases')
        .send({ type: 'repair', category: '水电', description: '照片已删除', houseId: crew.houseId, photoIds: [meant.body.id] });
      expect(refused.status).toBe(400);
    });

    it('keeps bytes another upload still names', async () => {
      const bytes = Buffer.concat([PNG_1X1, Buffer.from('shared-then-removed')]);
      const mine = await upload(owner, bytes, 'a.png').expect(201);
      const theirs = await upload(crew.owners[1], bytes, 'b.png').expect(201);
      await ctx.as(owner).delete(`/api/uploads/${mine.body.id}`).expect(204);
      await ctx.http.get(theirs.body.url).expect(200);
    });

    it('refuses a photo already submitted with a case (409) and someone else\'s (404), changing nothing', async () => {
      const photo = (await upload(owner, PNG_1X1, 'kept.png').expect(201)).body;
      await ctx.as(owner).post('/api/cases')
        .send({ type: 'repair', category: '水电', description: '照片随报事提交', houseId: crew.houseId, photoIds: [photo.id] }).expect(201);
      const attached = await ctx.as(owner).delete(`/api/uploads/${photo.id}`).expect(409);
      expect(attached.body).toEqual({ statusCode: 409, code: 'UPLOAD_ATTACHED', message: '图片已随工单提交，不能删除' });

      const waiting = (await upload(owner, PNG_1X1, 'waiting.png').expect(201)).body;
      for (const other of [stranger, crew.owners[1], ctx.admin]) {
        const res = await ctx.as(other).delete(`/api/uploads/${waiting.id}`).expect(404);
        expect(res.body.code).toBe('UPLOAD_NOT_FOUND');
      }
      await ctx.http.get(photo.url).expect(200);
      await ctx.http.get(waiting.url).expect(200);
    });
  });

  // Only a PostgreSQL server lets a second session hold the photo's lock while the uploads arrive
  // (the embedded database serves one statement at a time: they could not overlap anyway).
  if (process.env.DATABASE_URL) {
    it('lets uploads sent at once past the limit together no further than the limit', async () => {
      const uploader = await ctx.newOwner(crew.houseId);
      for (let i = 0; i < MAX_UNATTACHED_UPLOADS - 1; i++) await upload(uploader, PNG_1X1, `p${i}.png`).expect(201);
      const bytes = Buffer.concat([JPEG.subarray(0, -2), Buffer.from(uploader.id), Buffer.from('ffd9', 'hex')]);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const holder = new Client({ connectionString: ctx.databaseUrl });
      await holder.connect();
      try {
        // The same photo's lock held elsewhere: the five uploads, all past their checks, wait for it.
        await holder.query('BEGIN');
        await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('upload-content/' || $1, 0))`, [sha256]);
        const sending = Promise.all(Array.from({ length: 5 }, (_, i) => upload(uploader, bytes, `same-${i}.jpg`).then((res) => res.status)));
        await until(async () => (await ctx.db.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`))[0].n === 5, 'the five uploads waiting');
        await holder.query('COMMIT');
        expect((await sending).sort()).toEqual([201, 429, 429, 429, 429]);
      } finally {
        await holder.end();
      }
      const [{ n }] = await ctx.db.query('SELECT count(*)::int AS n FROM uploads WHERE uploader_id = $1 AND attached_at IS NULL', [uploader.id]);
      expect(n).toBe(MAX_UNATTACHED_UPLOADS);
    });
  }
});
