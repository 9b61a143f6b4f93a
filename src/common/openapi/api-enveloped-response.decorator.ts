import { applyDecorators, HttpStatus, Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorEnvelopeDto, ListPageDto, SuccessEnvelopeDto } from '../dto/envelope.dto';

interface EnvelopeOptions {
  status?: HttpStatus;
  description?: string;
  /** `data` is `{items: Model[], next_cursor}` (docs/api.md, Lists). */
  list?: boolean;
}

/**
 * Documents a success response as the real envelope `{status, data: Model, message}` (Nest docs,
 * openapi/operations "Generic ApiResponse"), so generated clients see the shape they get.
 */
export function ApiEnvelopedResponse(model: Type<unknown> | null, options: EnvelopeOptions = {}): MethodDecorator {
  const { status = HttpStatus.OK, description, list = false } = options;
  const modelSchema = model ? { $ref: getSchemaPath(model) } : { type: 'object', nullable: true };
  const dataSchema = list
    ? {
        allOf: [
          { $ref: getSchemaPath(ListPageDto) },
          { type: 'object', required: ['items'], properties: { items: { type: 'array', items: modelSchema } } },
        ],
      }
    : modelSchema;
  return applyDecorators(
    ApiExtraModels(SuccessEnvelopeDto, ErrorEnvelopeDto, ListPageDto, ...(model ? [model] : [])),
    ApiResponse({
      status,
      description: description ?? 'Success',
      schema: {
        allOf: [
          { $ref: getSchemaPath(SuccessEnvelopeDto) },
          { type: 'object', required: ['data'], properties: { data: dataSchema } },
        ],
      },
    }),
  );
}
