import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAFF_ROLES, type StaffRole } from '@wuye/shared';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

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

export class ListStaffQuery {
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES)
  role?: StaffRole;

  @ApiPropertyOptional() @IsOptional() @IsUUID()
  communityId?: string;
}
