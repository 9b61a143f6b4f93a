import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, map } from 'rxjs';
import { RAW_RESPONSE_KEY, RESPONSE_MESSAGE_KEY } from '../decorators/response.decorators';

export interface SuccessEnvelope<T> {
  status: 'success';
  data: T;
  message: string;
}

/** Wraps every successful JSON response as `{status:"success", data, message}` (docs/api.md). */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    if (context.getType() !== 'http' || this.reflector.getAllAndOverride<boolean>(RAW_RESPONSE_KEY, targets)) {
      return next.handle();
    }
    const message = this.reflector.getAllAndOverride<string>(RESPONSE_MESSAGE_KEY, targets) ?? 'OK';
    const reply = context.switchToHttp().getResponse<{ getHeader(name: string): unknown }>();
    return next.handle().pipe(
      map((data: unknown) => {
        const type = reply.getHeader('content-type');
        // Bytes, streams and bodies the handler typed as something other than JSON (a CSV export) pass as they are.
        if (
          data instanceof StreamableFile ||
          Buffer.isBuffer(data) ||
          (typeof type === 'string' && !type.includes('json'))
        ) {
          return data;
        }
        return { status: 'success', data: data ?? null, message } satisfies SuccessEnvelope<unknown>;
      }),
    );
  }
}
