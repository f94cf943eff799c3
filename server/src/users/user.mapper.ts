import type { StaffResponse, UserResponse } from '@wuye/shared';
import type { User } from './user.entity';

export function toUserResponse(user: User): UserResponse {
  return { id: user.id, role: user.role, name: user.name, username: user.username, communityIds: user.communityIds };
}

export function toStaffResponse(user: User): StaffResponse {
  return {
    id: user.id, username: user.username ?? '', name: user.name, role: user.role, communityIds: user.communityIds,
    active: !user.disabledAt,
  };
}
