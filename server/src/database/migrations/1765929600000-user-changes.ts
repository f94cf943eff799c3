import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to what the sign-in check reads of a user (role, name, username, communities, a stop,
 * the session version) and every removal is announced on the channel `wuye_users` (the user's id;
 * `*` for a TRUNCATE), after its transaction commits. Each API process keeps the users it checked
 * (auth/user-cache.ts) and forgets one when told — whoever changed it: the API, another replica,
 * or an operator in psql.
 *
 * Creating a trigger holds off writes to `users` (staff changes, first sign-ins) while it waits for
 * its lock: it waits at most 5 s and fails otherwise, to run again at the replica's restart (as 1765756800000).
 */
export class UserChanges1765929600000 implements MigrationInterface {
  name = 'UserChanges1765929600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL lock_timeout = '5s'`);
    await q.query(`
      CREATE FUNCTION users_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('wuye_users', '*');
        ELSIF TG_OP = 'DELETE'
           OR (OLD.id, OLD.role, OLD.name, OLD.username, OLD.community_ids, OLD.disabled_at, OLD.session_version)
              IS DISTINCT FROM (NEW.id, NEW.role, NEW.name, NEW.username, NEW.community_ids, NEW.disabled_at, NEW.session_version) THEN
          PERFORM pg_notify('wuye_users', OLD.id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER users_announce_change AFTER UPDATE OR DELETE ON users
                   FOR EACH ROW EXECUTE FUNCTION users_announce_change()`);
    await q.query(`CREATE TRIGGER users_announce_truncate AFTER TRUNCATE ON users
                   FOR EACH STATEMENT EXECUTE FUNCTION users_announce_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_announce_truncate ON users`);
    await q.query(`DROP TRIGGER users_announce_change ON users`);
    await q.query(`DROP FUNCTION users_announce_change()`);
  }
}
