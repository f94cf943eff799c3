import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ACCOUNT_RULES as R, STAFF_ROLES, type StaffRole } from '@wuye/shared';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsOmittable } from '../common/is-omittable';

export class CreateStaffDto {
  @ApiProperty() @IsString() @Matches(R.username, { message: 'username: 3–50 letters, digits, _ . -' })
  username: string;

  @ApiProperty() @IsString() @Length(R.password.min, R.password.max)
  password: string;

  @ApiProperty() @IsString() @Length(R.name.min, R.name.max)
  name: string;

  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES)
  role: StaffRole;

  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true })
  communityIds: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(R.phone)
  phone?: string;
}

/** `PATCH /api/staff/:id`: only what is sent changes (the same rules as creation); only `phone` may be null (cleared). */
export class UpdateStaffDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() @Length(R.name.min, R.name.max)
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOmittable() @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional({ type: [String] }) @IsOmittable() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true })
  communityIds?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'null clears it' })
  @IsOptional() @IsString() @Matches(R.phone)
  phone?: string | null;

  @ApiPropertyOptional({ description: 'a new password; every device signed in with the old one is signed out (the caller\'s own too)' })
  @IsOmittable() @IsString() @Length(R.password.min, R.password.max)
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
