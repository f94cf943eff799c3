import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Owners signed in through WeChat were all named 微信用户 (WeChat gives no nickname), so staff read
 * "业主 微信用户" on every timeline. From now on the first approved house binding names the owner
 * (BindingsService.decide); this gives the owners approved before it the name of their earliest
 * approved binding. Down changes nothing: the names are the owners' own and stay.
 */
export class OwnerNames1766534400000 implements MigrationInterface {
  name = 'OwnerNames1766534400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE users u SET name = first.name
      FROM (SELECT DISTINCT ON (owner_id) owner_id, name FROM house_bindings WHERE status = 'approved'
            ORDER BY owner_id, decided_at NULLS LAST, created_at) first
      WHERE u.id = first.owner_id AND u.role = 'owner' AND u.name = '微信用户'`);
  }

  async down(): Promise<void> {
    // The names stay (see above).
  }
}
