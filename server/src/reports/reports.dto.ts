import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { TARGET_METRICS, type TargetMetric } from '@wuye/shared';

// Dates stay plain strings here: a malformed or reversed period is REPORT_PERIOD_INVALID (parsePeriod), not a generic 400.

export class MetricsQueryDto {
  @ApiProperty({ example: '2025-11-01', description: 'First day (Asia/Shanghai)' }) @IsOptional() @IsString()
  from?: string;

  @ApiProperty({ example: '2025-12-01', description: 'Day after the last day (exclusive)' }) @IsOptional() @IsString()
  to?: string;

  @ApiPropertyOptional({ description: 'One community; default every community of the caller' }) @IsOptional() @IsUUID()
  communityId?: string;
}

export const SUMMARY_FORMATS = ['md', 'html', 'xlsx', 'docx'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export class WorkSummaryQueryDto extends MetricsQueryDto {
  @ApiPropertyOptional({ enum: SUMMARY_FORMATS, default: 'md' }) @IsOptional() @IsIn(SUMMARY_FORMATS)
  format?: SummaryFormat;
}

export class TargetInputDto {
  @ApiProperty({ enum: TARGET_METRICS }) @IsIn(TARGET_METRICS)
  metric: TargetMetric;

  @ApiProperty({ description: 'Rates as fractions 0..1, minutes as numbers, counts as whole numbers (shared TARGET_LIMITS)' })
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1_000_000)
  target: number;
}

export class SaveTargetsDto {
  @ApiProperty({ example: '2025-12-01', description: 'First day of the period the targets are for' }) @IsOptional() @IsString()
  from?: string;

  @ApiProperty({ example: '2026-01-01', description: 'Day after its last day' }) @IsOptional() @IsString()
  to?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ type: [TargetInputDto], description: 'Omit to adopt the targets the summary of the period before suggests' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => TargetInputDto)
  targets?: TargetInputDto[];
}
