import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives: readiness answers 503 so load balancers stop sending, while we still serve. */
@Injectable()
export class ShutdownState {
  private drainingSince: Date | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  beginDraining(): void {
    this.drainingSince ??= new Date();
  }
}
