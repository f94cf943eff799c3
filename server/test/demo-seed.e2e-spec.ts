import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { seedDemo } from '../src/seed/demo-seed';
import { cloneTemplate, type TestDatabase } from './support/database-template';

/**
 * The demo data `npm start` creates is built with the real lifecycle helpers; these are the records
 * the API would have written, so every row has its event, of the same round.
 */
describe('demo data', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await cloneTemplate();
    expect(await seedDemo(database.url, database.embedded, new Date('2026-11-30T04:00:00Z'))).toBe(true);
    db = await new DataSource(dataSourceOptions(database.url, database.embedded)).initialize();
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('has reopened cases, and an event of the same round for every verification, rating and visit', async () => {
    const [{ reopened }] = await db.query(`SELECT count(*)::int AS reopened FROM cases WHERE reopen_count > 0`);
    expect(reopened).toBeGreaterThan(0);
    for (const [table, action] of [['verifications', 'verify'], ['ratings', 'rate'], ['follow_ups', 'follow-up']]) {
      const [{ rows, orphans }] = await db.query(
        `SELECT count(*)::int AS rows,
                count(*) FILTER (WHERE NOT EXISTS (
                  SELECT 1 FROM case_events e WHERE e.case_id = r.case_id AND e.action = $1 AND e.cycle = r.cycle))::int AS orphans
         FROM ${table} r`, [action]);
      expect({ table, orphans }).toEqual({ table, orphans: 0 });
      expect(rows).toBeGreaterThan(0);
    }
  });

  it('does nothing a second time', async () => {
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM cases');
    expect(await seedDemo(database.url, database.embedded)).toBe(false);
    expect((await db.query('SELECT count(*)::int AS n FROM cases'))[0].n).toBe(n);
  });
});
