import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, map } from 'rxjs';
import { RAW_RESPONSE_KEY, RESPONSE_MESSAGE_KEY } from '../decorators/response.decorators';

export interface SuccessEnvelope<T> {
  status: 'success';
  data: T;
  message: string;
}

/** Wraps every successful JSON response as `{status:"success", data, message}` (API.md). */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    if (context.getType() !== 'http' || this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE_KEY, targets)) {
      return next.handle();
    }
    const message = this.reflector.getAllAndOverride<string>(RESPONSE_MESSAGE_KEY, targets) ?? 'OK';
    return next
      .handle()
      .pipe(
        map((data: unknown) =>
          data instanceof StreamableFile || Buffer.isBuffer(data)
            ? data
            : ({ status: 'success', data: data ?? null, message } satisfies SuccessEnvelope<unknown>),
        ),
      );
  }
}
