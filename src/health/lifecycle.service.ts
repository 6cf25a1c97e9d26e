import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives, so that readiness fails while in-flight requests finish. */
@Injectable()
export class LifecycleService {
  private shuttingDown = false;

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
