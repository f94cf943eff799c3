import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BINDING_STATUSES, HOUSE_RELATIONS, type BindingStatus, type HouseRelation } from '@wuye/shared';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { commaList, PaginationQuery } from '../common/pagination.dto';

export class CreateBindingDto {
  @ApiProperty() @IsUUID()
  houseId: string;

  @ApiProperty({ enum: HOUSE_RELATIONS }) @IsIn(HOUSE_RELATIONS)
  relation: HouseRelation;

  @ApiProperty() @IsString() @Length(1, 50)
  name: string;

  @ApiProperty({ example: '13800138000' }) @IsString() @Matches(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { message: 'phone must be a mobile or landline number' })
  phone: string;
}

export class RejectBindingDto {
  @ApiPropertyOptional({ description: 'Why, shown to the owner beside 已驳回', maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value))
  reason?: string;
}

export class ListBindingsQuery extends PaginationQuery {
  @ApiPropertyOptional({ description: 'One status or several, comma-separated', example: 'revoked,withdrawn,rejected' })
  @IsOptional() @Transform(commaList)
  @IsArray() @IsIn(BINDING_STATUSES, { each: true })
  status?: BindingStatus[];

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  communityId?: string;

  @ApiPropertyOptional({ description: "part of the applicant's name or phone, or of the house (楼栋/单元/房号)" })
  @IsOptional() @IsString() @Length(1, 50)
  q?: string;
}
