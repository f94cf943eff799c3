import type { Role } from '@wuye/shared';

/** Who is calling, as established by the bearer token and a fresh read of the user row. */
export interface AuthUser {
  id: string;
  role: Role;
  name: string;
  username: string | null;
  communityIds: string[];
}
