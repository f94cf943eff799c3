import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OwnerAccountResponse } from '@wuye/shared';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';

/**
 * Stopping an owner's account (an admin's call, for abuse: junk cases, impersonation): every token
 * it holds stops working at once (the session version goes up, and every replica's cache of signed-in
 * users hears of the change), and WeChat sign-in is refused with ACCOUNT_DISABLED. Its cases, bindings
 * and history stay as they are; ending its bindings is a separate step (房屋审核). Restarting it lets it
 * sign in again; the tokens it held before stay void.
 */
@Injectable()
export class OwnersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async setDisabled(id: string, disabled: boolean): Promise<OwnerAccountResponse> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [[row]] = (await this.db.query(
      `UPDATE users SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, $3) END,
              session_version = session_version + CASE WHEN $2 AND disabled_at IS NULL THEN 1 ELSE 0 END
       WHERE id = $1 AND role = 'owner'
       RETURNING id, disabled_at AS "disabledAt"`,
      [id, disabled, this.clock.now()],
    )) as [{ id: string; disabledAt: Date | null }[], number];
    if (!row) throw new AppException('USER_NOT_FOUND');
    return { id: row.id, disabled: row.disabledAt !== null, disabledAt: row.disabledAt?.toISOString() ?? null };
  }
}
