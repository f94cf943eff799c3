import { Injectable } from '@nestjs/common';
import { defaultSlaPolicy, type CaseType, type SlaPolicy, type Urgency } from '@wuye/shared';
import { EntityManager } from 'typeorm';
import { SlaPolicyRow } from './sla-policy.entity';

/** The SLA that applies to a new case: the community's override, or the SPEC defaults. */
@Injectable()
export class SlaPolicyService {
  async policyFor(manager: EntityManager, communityId: string, type: CaseType, urgency: Urgency): Promise<SlaPolicy> {
    const row = await manager.getRepository(SlaPolicyRow).findOneBy({ communityId, type, urgency });
    if (!row) return defaultSlaPolicy(type, urgency);
    return {
      respondMinutes: row.respondMinutes,
      resolveMinutes: row.resolveMinutes,
      verifyHours: row.verifyHours,
      followUpPolicy: row.followUpPolicy,
      followUpDueHours: row.followUpDueHours,
      warnBeforeMinutes: row.warnBeforeMinutes,
    };
  }
}
