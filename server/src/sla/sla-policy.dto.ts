import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_TYPES, FOLLOW_UP_POLICIES, SLA_POLICY_LIMITS as L, URGENCIES, type CaseType, type FollowUpPolicy, type Urgency } from '@wuye/shared';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class SetSlaPolicyDto {
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES)
  type: CaseType;

  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES)
  urgency: Urgency;

  @ApiProperty({ minimum: L.respondMinutes.min, maximum: L.respondMinutes.max }) @IsInt() @Min(L.respondMinutes.min) @Max(L.respondMinutes.max)
  respondMinutes: number;

  @ApiProperty({ minimum: L.resolveMinutes.min, maximum: L.resolveMinutes.max }) @IsInt() @Min(L.resolveMinutes.min) @Max(L.resolveMinutes.max)
  resolveMinutes: number;

  @ApiPropertyOptional({ default: 72, minimum: L.verifyHours.min, maximum: L.verifyHours.max }) @IsOptional() @IsInt() @Min(L.verifyHours.min) @Max(L.verifyHours.max)
  verifyHours?: number;

  @ApiPropertyOptional({ enum: FOLLOW_UP_POLICIES }) @IsOptional() @IsIn(FOLLOW_UP_POLICIES)
  followUpPolicy?: FollowUpPolicy;

  @ApiPropertyOptional({ default: 48, minimum: L.followUpDueHours.min, maximum: L.followUpDueHours.max }) @IsOptional() @IsInt() @Min(L.followUpDueHours.min) @Max(L.followUpDueHours.max)
  followUpDueHours?: number;

  @ApiPropertyOptional({ minimum: L.warnBeforeMinutes.min, maximum: L.warnBeforeMinutes.max }) @IsOptional() @IsInt() @Min(L.warnBeforeMinutes.min) @Max(L.warnBeforeMinutes.max)
  warnBeforeMinutes?: number;
}
