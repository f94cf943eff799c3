import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { COMMUNITY_CODE_PATTERN } from '@wuye/shared';
import { IsOmittable } from '../common/is-omittable';

export class CreateCommunityDto {
  @ApiProperty({ example: '和园' }) @IsString() @Length(1, 100)
  name: string;

  @ApiProperty({ example: 'HY', description: 'Prefix of case numbers: 2–10 capital letters or digits' })
  @IsString() @Matches(COMMUNITY_CODE_PATTERN, { message: 'code: 2–10 capital letters or digits, starting with a letter' })
  code: string;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50)
  @IsString({ each: true }) @Length(1, 30, { each: true })
  categories?: string[];
}

/**
 * An admin's change to a community: its name, or its case categories (a new list applies to cases
 * submitted from now on; existing cases keep theirs; `null` restores the default list). The code is
 * not changed: it is in every case number already given.
 */
export class UpdateCommunityDto {
  @ApiPropertyOptional({ example: '和园' }) @IsOmittable() @IsString() @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'null: the default categories' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique()
  @IsString({ each: true }) @Length(1, 30, { each: true })
  categories?: string[] | null;
}

export class HouseInput {
  @ApiProperty({ example: '1栋' }) @IsString() @Length(1, 50)
  building: string;

  @ApiProperty({ example: '1单元' }) @IsString() @Length(0, 50)
  unit: string;

  @ApiProperty({ example: '101' }) @IsString() @Length(1, 50)
  room: string;
}

/** An admin's correction of a house entered wrongly: the fields sent change, the others stay. */
export class UpdateHouseDto {
  @ApiPropertyOptional({ example: '1栋' }) @IsOmittable() @IsString() @Length(1, 50)
  building?: string;

  @ApiPropertyOptional({ example: '1单元' }) @IsOmittable() @IsString() @Length(0, 50)
  unit?: string;

  @ApiPropertyOptional({ example: '101' }) @IsOmittable() @IsString() @Length(1, 50)
  room?: string;
}

export class CreateHousesDto {
  @ApiProperty({ type: [HouseInput] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000)
  @ValidateNested({ each: true }) @Type(() => HouseInput)
  houses: HouseInput[];
}

export class ListHousesQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50)
  building?: string;
}
