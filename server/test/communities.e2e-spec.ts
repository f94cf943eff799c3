import { DEFAULT_CATEGORIES } from '@wuye/shared';
import { Client } from 'pg';
import { bootstrapAdmin } from '../src/seed/bootstrap-admin';
import { TestContext, type Actor } from './support/test-context';
import { until } from './support/waiting';

const embedded = !process.env.DATABASE_URL;

/** Communities as an admin sets them up: houses by building, case categories, the first admin. */
describe('communities', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx?.close());

  const newCommunity = async (body: object = {}) => {
    const code = `K${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const res = await ctx.as(ctx.admin).post('/api/communities').send({ name: `小区${code}`, code, ...body }).expect(201);
    await ctx.as(ctx.admin).post(`/api/communities/${res.body.id}/houses`)
      .send({ houses: [{ building: '1栋', unit: '1单元', room: '101' }, { building: '2栋', unit: '', room: '201' }, { building: '2栋', unit: '', room: '202' }] })
      .expect(201);
    const houses = (await ctx.as(ctx.admin).get(`/api/communities/${res.body.id}/houses`).expect(200)).body as { id: string; building: string }[];
    return { id: res.body.id as string, code, houseId: houses[0].id };
  };
  const submit = (owner: Actor, houseId: string, category: string) =>
    ctx.as(owner).post('/api/cases').send({ type: 'repair', category, description: '需要处理', houseId });

  it('offers the fourteen default categories to a community that has no list of its own', async () => {
    const c = await newCommunity();
    const listed = (await ctx.as(ctx.admin).get('/api/communities').expect(200)).body.find((x: { id: string }) => x.id === c.id);
    expect(listed.categories).toEqual([...DEFAULT_CATEGORIES]);
    expect(listed.categories).toHaveLength(14);
    expect(listed.categories).toEqual(expect.arrayContaining(['违建', '消防通道']));
  });

  // Only a PostgreSQL server has a second session to hold the row while the rename waits for it.
  if (!embedded) {
    it('keeps a category list another admin saved while a rename of the same community was under way', async () => {
      const c = await newCommunity({ categories: ['水电'] });
      const other = new Client({ connectionString: ctx.databaseUrl });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query(`UPDATE communities SET categories = '{水电,充电桩}' WHERE id = $1`, [c.id]);
        const renaming = ctx.as(ctx.admin).patch(`/api/communities/${c.id}`).send({ name: '和园二期' }).then((res) => res);
        await until(async () => (await ctx.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE "communities"%'`))[0].n === 1,
        'the rename waiting for the row');
        await other.query('COMMIT');
        expect((await renaming).body).toMatchObject({ name: '和园二期', categories: ['水电', '充电桩'] });
      } finally {
        await other.end();
      }
      const [row] = await ctx.db.query('SELECT name, categories FROM communities WHERE id = $1', [c.id]);
      expect(row).toEqual({ name: '和园二期', categories: ['水电', '充电桩'] });
    });
  }

  it('takes cases only under the community\'s own categories, and under a new list once an admin changes it', async () => {
    const c = await newCommunity({ categories: ['水电', '充电桩'] });
    const owner = await ctx.newOwner(c.houseId);
    expect((await submit(owner, c.houseId, '充电桩')).status).toBe(201);
    expect((await submit(owner, c.houseId, '电梯').expect(400)).body.code).toBe('CATEGORY_INVALID');

    const changed = await ctx.as(ctx.admin).patch(`/api/communities/${c.id}`).send({ categories: ['水电', '电动车棚'] }).expect(200);
    expect(changed.body).toMatchObject({ id: c.id, code: c.code, categories: ['水电', '电动车棚'] });
    expect((await submit(owner, c.houseId, '充电桩').expect(400)).body.code).toBe('CATEGORY_INVALID');
    expect((await submit(owner, c.houseId, '电动车棚')).status).toBe(201);
    // Cases taken under the old list keep their category.
    const mine = (await ctx.as(owner).get('/api/cases').expect(200)).body.items.map((x: { category: string }) => x.category);
    expect(mine.sort()).toEqual(['充电桩', '电动车棚']);

    // null restores the defaults; the name may change, the code (in every case number) may not.
    const reset = await ctx.as(ctx.admin).patch(`/api/communities/${c.id}`).send({ categories: null, name: '新名字' }).expect(200);
    expect(reset.body).toMatchObject({ name: '新名字', categories: [...DEFAULT_CATEGORIES] });
    expect((await submit(owner, c.houseId, '电梯')).status).toBe(201);
    const refused = await ctx.as(ctx.admin).patch(`/api/communities/${c.id}`).send({ code: 'OTHER' }).expect(400);
    expect(refused.body.code).toBe('UNKNOWN_FIELD');
    for (const body of [{ categories: [] }, { categories: ['水电', '水电'] }, { name: null }, { categories: [''] }]) {
      expect({ body, code: (await ctx.as(ctx.admin).patch(`/api/communities/${c.id}`).send(body)).body.code }).toEqual({ body, code: 'VALIDATION_FAILED' });
    }
    expect((await ctx.as(ctx.admin).patch('/api/communities/00000000-0000-4000-8000-000000000000').send({ name: 'x' }).expect(404)).body.code)
      .toBe('COMMUNITY_NOT_FOUND');
  });

  it('lists one building\'s houses when asked for that building', async () => {
    const c = await newCommunity();
    const two = (await ctx.as(ctx.admin).get(`/api/communities/${c.id}/houses?building=2栋`).expect(200)).body;
    expect(two.map((h: { building: string; room: string }) => `${h.building}${h.room}`)).toEqual(['2栋201', '2栋202']);
    expect((await ctx.as(ctx.admin).get(`/api/communities/${c.id}/houses`).expect(200)).body).toHaveLength(3);
  });

  describe('correcting houses entered wrongly', () => {
    const housesOf = async (communityId: string) =>
      ((await ctx.as(ctx.admin).get(`/api/communities/${communityId}/houses`).expect(200)).body as { id: string; building: string; unit: string; room: string }[])
        .map((h) => `${h.building}/${h.unit}/${h.room}`);
    /** 2栋 201 and 202, as newCommunity made them. */
    const twoBuildingHouses = async (communityId: string) =>
      (await ctx.as(ctx.admin).get(`/api/communities/${communityId}/houses?building=2栋`).expect(200)).body as { id: string }[];
    const patch = (communityId: string, houseId: string, body: object) =>
      ctx.as(ctx.admin).patch(`/api/communities/${communityId}/houses/${houseId}`).send(body);
    const remove = (communityId: string, houseId: string) => ctx.as(ctx.admin).delete(`/api/communities/${communityId}/houses/${houseId}`);

    it('changes the room and unit of a house with cases, which then read the corrected house', async () => {
      const c = await newCommunity();
      const owner = await ctx.newOwner(c.houseId);
      const filed = (await submit(owner, c.houseId, '水电').expect(201)).body;
      const res = await patch(c.id, c.houseId, { unit: '2单元', room: '102' }).expect(200);
      expect(res.body).toMatchObject({ id: c.houseId, building: '1栋', unit: '2单元', room: '102' });
      expect(await housesOf(c.id)).toContain('1栋/2单元/102');
      expect((await ctx.as(owner).get(`/api/cases/${filed.id}`).expect(200)).body.houseLabel).toBe('1栋 2单元 102');
    });

    it('moves a house without cases to another building, but not one whose cases the reports count under its building', async () => {
      const c = await newCommunity();
      const houses = await twoBuildingHouses(c.id);
      await patch(c.id, houses[0].id, { building: '3栋' }).expect(200);
      expect(await housesOf(c.id)).toContain('3栋//201');
      const owner = await ctx.newOwner(c.houseId);
      await submit(owner, c.houseId, '水电').expect(201);
      const refused = await patch(c.id, c.houseId, { building: '5栋', room: '501' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'HOUSE_HAS_CASES', message: '该房屋已有工单，不能改到其他楼栋，只能修改单元和房号' });
      expect(await housesOf(c.id)).toContain('1栋/1单元/101'); // nothing of it applied
    });

    it('refuses to correct a house into one the community already has, and a house of another community', async () => {
      const c = await newCommunity();
      const houses = await twoBuildingHouses(c.id);
      expect((await patch(c.id, houses[0].id, { room: '202' }).expect(409)).body.code).toBe('HOUSE_EXISTS');
      const other = await newCommunity();
      expect((await patch(other.id, c.houseId, { room: '999' }).expect(404)).body.code).toBe('HOUSE_NOT_FOUND');
      expect((await remove(other.id, c.houseId).expect(404)).body.code).toBe('HOUSE_NOT_FOUND');
      expect(await housesOf(c.id)).toEqual(['1栋/1单元/101', '2栋//201', '2栋//202']);
    });

    // Only a PostgreSQL server has a second session to hold the deletion while the application waits.
    if (!embedded) {
      it('answers an application for a house deleted while it was being made 404 房屋不存在, not a server error', async () => {
        const c = await newCommunity();
        const houses = await twoBuildingHouses(c.id);
        const deleter = new Client({ connectionString: ctx.databaseUrl });
        await deleter.connect();
        try {
          await deleter.query('BEGIN');
          await deleter.query('DELETE FROM houses WHERE id = $1', [houses[0].id]); // not committed: the house still reads as there
          const applicant = await ctx.newOwner();
          const applying = ctx.as(applicant).post('/api/me/houses').send({ houseId: houses[0].id, relation: 'owner', name: '钱先生', phone: '13800138012' })
            .then((res) => res);
          await until(async () => (await ctx.db.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
               AND query LIKE 'INSERT INTO house_bindings%'`))[0].n === 1, 'the application waiting for the house row');
          await deleter.query('COMMIT');
          const res = await applying;
          expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'HOUSE_NOT_FOUND' });
        } finally {
          await deleter.end();
        }
      });
    }

    it('deletes a house nobody uses, and keeps one that a binding or a case names', async () => {
      const c = await newCommunity();
      const houses = await twoBuildingHouses(c.id);
      await remove(c.id, houses[0].id).expect(204);
      expect(await housesOf(c.id)).toEqual(['1栋/1单元/101', '2栋//202']);
      // An application waiting for approval names the house too.
      const applicant = await ctx.newOwner();
      await ctx.as(applicant).post('/api/me/houses').send({ houseId: houses[1].id, relation: 'owner', name: '钱先生', phone: '13800138011' }).expect(201);
      const refused = await remove(c.id, houses[1].id).expect(409);
      expect(refused.body).toMatchObject({ code: 'HOUSE_IN_USE', message: '该房屋已有工单或业主绑定记录，不能删除' });
      expect(await housesOf(c.id)).toEqual(['1栋/1单元/101', '2栋//202']);
      await remove(c.id, houses[0].id).expect(404);
    });
  });

  it('creates `admin` from ADMIN_PASSWORD on the first start only: a later start with another password changes nothing', async () => {
    // This suite's own admin is named `admin` too; rename it so the first start finds none.
    await ctx.db.query(`UPDATE users SET username = 'suite-admin' WHERE username = 'admin'`);
    expect(await bootstrapAdmin(ctx.databaseUrl, embedded, 'first-password')).toBe(true);
    expect(await bootstrapAdmin(ctx.databaseUrl, embedded, 'second-password')).toBe(false);
    expect(await bootstrapAdmin(ctx.databaseUrl, embedded, undefined)).toBe(false);
    const login = (password: string) => ctx.http.post('/api/auth/login').set('X-Forwarded-For', '192.0.2.44').send({ username: 'admin', password });
    expect((await login('first-password').expect(200)).body.user).toMatchObject({ role: 'admin', username: 'admin' });
    expect((await login('second-password').expect(401)).body.code).toBe('INVALID_CREDENTIALS');
  });
});
