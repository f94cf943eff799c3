import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  CASE_NUMBER_PATTERN, CASE_STATUSES, CASE_TYPES, CHANNELS, FOLLOW_UP_METHODS, FOLLOW_UP_RESULTS, NOTIFY_STEPS, PHONE_PATTERN, RATING_TAGS, URGENCIES, VERIFY_ANSWERS,
  type CaseStatus, type CaseType, type Channel, type FollowUpMethod, type FollowUpResult, type NotifyStep, type Urgency,
  type VerifyAnswer,
} from '@wuye/shared';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf,
} from 'class-validator';
import { commaList, PaginationQuery } from '../common/pagination.dto';

const MAX_PHOTOS = 9;

/** Photo ids shared by every body that carries photos: at most 9, each an upload of the caller. */
class WithPhotos {
  @ApiPropertyOptional({ type: [String], maxItems: MAX_PHOTOS })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_PHOTOS) @ArrayUnique() @IsUUID('all', { each: true })
  photoIds?: string[];
}

export class CreateCaseDto extends WithPhotos {
  @ApiProperty({ enum: CASE_TYPES }) @IsIn(CASE_TYPES)
  type: CaseType;

  @ApiProperty({ example: '水电' }) @IsString() @Length(1, 30)
  category: string;

  @ApiProperty({ minLength: 1, maxLength: 2000 }) @IsString() @Length(1, 2000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description: string;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' }) @IsOptional() @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: 'A house, or communityId + location for a public area' }) @IsOptional() @IsUUID()
  houseId?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ maxLength: 200, example: '3栋 2单元 电梯厅' }) @IsOptional() @IsString() @Length(1, 200)
  location?: string;

  @ApiPropertyOptional({ maxLength: 50, example: '3栋', description: "A public area's building, one of the community's (GET /api/communities/:id/buildings); none: the whole community" })
  @IsOptional() @IsString() @Length(1, 50)
  building?: string;

  @ApiPropertyOptional({ enum: CHANNELS, description: "Staff intake only (unsaid: phone); an owner's case is always miniapp" })
  @IsOptional() @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50)
  contactName?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(PHONE_PATTERN, { message: 'contactPhone must be a phone number' })
  contactPhone?: string;

  @ApiPropertyOptional({ example: '工作日 18:00 后' }) @IsOptional() @IsString() @Length(1, 100)
  preferredTime?: string;
}

export class ListCasesQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'One status or several, comma-separated', example: 'submitted,accepted' })
  @IsOptional() @Transform(commaList) @IsArray() @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: CASE_TYPES }) @IsOptional() @IsIn(CASE_TYPES)
  type?: CaseType;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ description: "`me`, or a staff member's id: the cases assigned to them (e.g. a leaver's cases to reassign)" })
  @IsOptional() @ValidateIf((_, value) => value !== 'me') @IsUUID('all', { message: "assignee must be 'me' or a staff member's id" })
  assignee?: string;

  @ApiPropertyOptional({ description: 'A case number, e.g. HY-20261130-0007 (exact)' })
  @IsOptional() @IsString() @Matches(CASE_NUMBER_PATTERN, { message: 'number must look like HY-20261130-0007' })
  number?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true'], description: 'Only the cases whose follow-up visit (回访) is due' })
  @IsOptional() @IsIn(['true'])
  followUpDue?: 'true';

  @ApiPropertyOptional({ enum: ['true'], description: 'Only the open cases about to breach a deadline (即将超时: within the warning lead)' })
  @IsOptional() @IsIn(['true'])
  dueSoon?: 'true';
}

export class CountsQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID()
  communityId?: string;

  /** As the list's type filter: the badges count what the tabs would list. */
  @ApiPropertyOptional({ enum: CASE_TYPES }) @IsOptional() @IsIn(CASE_TYPES)
  type?: CaseType;
}

export class OptionalNoteDto {
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

export class NoteDto extends WithPhotos {
  @ApiProperty({ maxLength: 1000 }) @IsString() @Length(1, 1000) @Matches(/\S/, { message: 'note must not be blank' })
  note: string;
}

/** 进展: `internal` keeps it among staff (what the owner need not read: 业主情绪激动, 需物业经理协调). */
export class ProgressNoteDto extends NoteDto {
  @ApiPropertyOptional({ description: 'Staff only: the owner never sees this note, its photos or that it exists' })
  @IsOptional() @IsBoolean()
  internal?: boolean;
}

export class ResolveDto extends NoteDto {
  @ApiPropertyOptional({ description: 'A suggestion only: adopted (采纳) or not (暂不采纳); unsaid, the work summary counts it as 未标注' })
  @IsOptional() @IsBoolean()
  adopted?: boolean;
}

export class AssignDto extends OptionalNoteDto {
  @ApiProperty() @IsUUID()
  handlerId: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @Length(1, 500) @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class CancelDto extends ReasonDto {
  @ApiPropertyOptional({ description: 'The case this one duplicates' }) @IsOptional() @IsUUID()
  duplicateOf?: string;
}

export class VerifyDto extends WithPhotos {
  @ApiProperty({ enum: VERIFY_ANSWERS }) @IsIn(VERIFY_ANSWERS)
  fixed: VerifyAnswer;

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500)
  reason?: string;
}

const Stars = () => (target: object, key: string) => {
  IsInt()(target, key);
  Min(1)(target, key);
  Max(5)(target, key);
};

export class RateDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) @Stars()
  overall: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsOptional() @Stars()
  speed?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsOptional() @Stars()
  attitude?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsOptional() @Stars()
  quality?: number;

  @ApiPropertyOptional({ type: [String], enum: RATING_TAGS, description: 'Reason chips; a repair or complaint may use all, other types not 没修好/不守时 (ratingTagsFor)' })
  @IsOptional() @IsArray() @ArrayMaxSize(RATING_TAGS.length) @ArrayUnique() @IsIn(RATING_TAGS, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500)
  comment?: string;
}

export class FollowUpDto {
  @ApiProperty({ enum: FOLLOW_UP_METHODS }) @IsIn(FOLLOW_UP_METHODS)
  method: FollowUpMethod;

  @ApiProperty({ enum: FOLLOW_UP_RESULTS }) @IsIn(FOLLOW_UP_RESULTS)
  result: FollowUpResult;

  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000)
  note?: string;
}

export class SubscribeDto {
  @ApiProperty({ enum: NOTIFY_STEPS, isArray: true }) @IsArray() @ArrayMaxSize(NOTIFY_STEPS.length) @ArrayUnique()
  @IsIn(NOTIFY_STEPS, { each: true })
  steps: NotifyStep[];
}
