import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '@wuye/shared';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOmittable } from '../common/is-omittable';

export class CreateStaffDto {
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9_.-]{3,50}$/, { message: 'username: 3–50 letters, digits, _ . -' })
  username: string;

  @ApiProperty() @IsString() @Length(8, 200)
  password: string;

  @ApiProperty() @IsString() @Length(1, 50)
  name: string;

  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES)
  role: StaffRole;

  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true })
  communityIds: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[0-9+\- ]{5,20}$/)
  phone?: string;
}

/** `PATCH /api/staff/:id`: only what is sent changes (the same rules as creation); only `phone` may be null (cleared). */
export class UpdateStaffDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOmittable() @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ type: [String] }) @IsOmittable() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true })
  communityIds?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @IsOptional() @IsString() @Matches(/^[0-9+\- ]{5,20}$/)
  phone?: string | null;

  @ApiPropertyOptional({ description: 'a new password; every device signed in with the old one is signed out (the caller\'s own too)' })
  @IsOmittable() @IsString() @Length(8, 200)
  password?: string;

  @ApiPropertyOptional({ description: 'false stops the account (no sign-in, every token refused); true restarts it' })
  @IsOmittable() @IsBoolean()
  active?: boolean;
}

export class ListStaffQuery {
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'admin only: list stopped accounts too' })
  @IsOptional() @IsIn(['true', 'false'])
  includeDisabled?: 'true' | 'false';

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  communityId?: string;
}
