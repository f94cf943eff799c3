import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { clientAddressKey } from '../common/client-address';

/**
 * Rate limits count per signed-in user, and per address only for anonymous calls (logins), so a
 * property office behind one NAT address is not throttled as one person. Registered after
 * AuthGuard, which sets `req.user`. An IPv6 address counts by its /64 (client-address.ts).
 */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as { id?: string } | undefined;
    return user?.id ? `user:${user.id}` : `ip:${clientAddressKey(req.ip as string | undefined)}`;
  }
}
