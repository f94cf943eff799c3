import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CASE_TYPES, defaultSlaPolicy, slaPolicyConflict, URGENCIES, type CaseType, type SlaPolicy, type SlaPolicyResponse, type Urgency } from '@wuye/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../common/access.service';
import { AppException } from '../common/app.exception';
import { SetSlaPolicyDto } from './sla-policy.dto';
import { SlaPolicyRow } from './sla-policy.entity';

const fromRow = (row: SlaPolicyRow): SlaPolicy => ({
  respondMinutes: row.respondMinutes,
  resolveMinutes: row.resolveMinutes,
  verifyHours: row.verifyHours,
  followUpPolicy: row.followUpPolicy,
  followUpDueHours: row.followUpDueHours,
  warnBeforeMinutes: row.warnBeforeMinutes,
});

/**
 * A community's SLA policies: its overrides, or the SPEC defaults. (A new case reads its override in
 * the intake statement, cases/case-intake.ts, and falls back to the same defaults.)
 */
@Injectable()
export class SlaPolicyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  async list(user: AuthUser, communityId: string): Promise<SlaPolicyResponse[]> {
    await this.requireCommunity(user, communityId);
    return this.policiesOf(communityId);
  }

  async set(user: AuthUser, communityId: string, dto: SetSlaPolicyDto): Promise<SlaPolicyResponse> {
    await this.requireCommunity(user, communityId);
    const base = defaultSlaPolicy(dto.type, dto.urgency);
    const policy: SlaPolicy = {
      respondMinutes: dto.respondMinutes,
      resolveMinutes: dto.resolveMinutes,
      verifyHours: dto.verifyHours ?? base.verifyHours,
      followUpPolicy: dto.followUpPolicy ?? base.followUpPolicy,
      followUpDueHours: dto.followUpDueHours ?? base.followUpDueHours,
      warnBeforeMinutes: dto.warnBeforeMinutes ?? base.warnBeforeMinutes,
    };
    const conflict = slaPolicyConflict(policy);
    if (conflict) throw new AppException('SLA_POLICY_INCONSISTENT', { field: conflict.field }, conflict.message);
    await this.db.getRepository(SlaPolicyRow).upsert({ communityId, type: dto.type, urgency: dto.urgency, ...policy }, ['communityId', 'type', 'urgency']);
    return { type: dto.type, urgency: dto.urgency, isDefault: false, ...policy };
  }

  /** Removes the community's override of one type × urgency (none is fine); answers the list now in force. */
  async reset(user: AuthUser, communityId: string, type: CaseType, urgency: Urgency): Promise<SlaPolicyResponse[]> {
    await this.requireCommunity(user, communityId);
    await this.db.getRepository(SlaPolicyRow).delete({ communityId, type, urgency });
    return this.policiesOf(communityId);
  }

  private async policiesOf(communityId: string): Promise<SlaPolicyResponse[]> {
    const rows = await this.db.getRepository(SlaPolicyRow).findBy({ communityId });
    return CASE_TYPES.flatMap((type) =>
      URGENCIES.map((urgency) => {
        const row = rows.find((r) => r.type === type && r.urgency === urgency);
        return { type, urgency, isDefault: !row, ...(row ? fromRow(row) : defaultSlaPolicy(type, urgency)) };
      }),
    );
  }

  private async requireCommunity(user: AuthUser, communityId: string): Promise<void> {
    this.access.requireCommunity(user, communityId);
    const [found] = await this.db.query('SELECT 1 FROM communities WHERE id = $1', [communityId]);
    if (!found) throw new AppException('COMMUNITY_NOT_FOUND');
  }
}
