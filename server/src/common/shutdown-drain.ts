import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import onHeaders from 'on-headers';

/**
 * Once a shutdown begins, every response — also of a request already being handled — tells the
 * client to close its connection. nginx keeps connections to the replicas open (`keepalive`), and
 * a busy one never goes idle, so without this a stopping replica went on taking requests on them
 * until Docker killed it mid-request (a 502 for whoever was submitting then).
 */
@Injectable()
export class ShutdownDrain {
  private draining = false;

  get active(): boolean {
    return this.draining;
  }

  begin(): void {
    this.draining = true;
  }

  /** Registered first in create-app.ts, so it sees every request. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    onHeaders(res, () => {
      if (this.draining) res.setHeader('Connection', 'close');
    });
    next();
  };
}
