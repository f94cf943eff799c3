import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_TYPES, FOLLOW_UP_POLICIES, URGENCIES, type CaseType, type FollowUpPolicy, type Urgency } from '@wuye/shared';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class SetSlaPolicyDto {
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES)
  type: CaseType;

  @ApiProperty({ enum: URGENCIES }) @IsIn(URGENCIES)
  urgency: Urgency;

  @ApiProperty({ minimum: 1, maximum: 43200 }) @IsInt() @Min(1) @Max(43_200)
  respondMinutes: number;

  @ApiProperty({ minimum: 1, maximum: 129600 }) @IsInt() @Min(1) @Max(129_600)
  resolveMinutes: number;

  @ApiPropertyOptional({ default: 72, minimum: 1, maximum: 720 }) @IsOptional() @IsInt() @Min(1) @Max(720)
  verifyHours?: number;

  @ApiPropertyOptional({ enum: FOLLOW_UP_POLICIES }) @IsOptional() @IsIn(FOLLOW_UP_POLICIES)
  followUpPolicy?: FollowUpPolicy;

  @ApiPropertyOptional({ default: 48, minimum: 1, maximum: 720 }) @IsOptional() @IsInt() @Min(1) @Max(720)
  followUpDueHours?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1440 }) @IsOptional() @IsInt() @Min(0) @Max(1440)
  warnBeforeMinutes?: number;
}
