import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODE_LIST, ErrorCode } from '../http/error-codes';

export class SuccessEnvelopeDto {
  @ApiProperty({ enum: ['success'], example: 'success' })
  status!: 'success';

  @ApiProperty({ example: 'OK' })
  message!: string;
}

export class FieldErrorDto {
  @ApiProperty({ example: 'images[2]', description: 'Path of the offending field' })
  field!: string;

  @ApiProperty({ example: 'must be a JPEG, PNG, WebP or GIF image' })
  message!: string;
}

export class ErrorEnvelopeDto {
  @ApiProperty({ enum: ['error'], example: 'error' })
  status!: 'error';

  @ApiProperty({
    type: 'object',
    additionalProperties: false,
    nullable: true,
    example: null,
    description: 'Always null on errors',
  })
  data!: null;

  @ApiProperty({ example: 'Validation failed', description: 'For people; may change. Key on `code`' })
  message!: string;

  @ApiProperty({
    enum: ERROR_CODE_LIST,
    enumName: 'ErrorCode',
    example: 'VALIDATION_FAILED',
    description: 'Stable identifier for clients and translations (docs/api.md lists each with its status)',
  })
  code!: ErrorCode;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiProperty({ example: '6f1c2d9e-2b5e-4c1a-9a57-0f8f3e2b1c4d', description: 'Also in the X-Request-Id header' })
  request_id!: string;
}

export class ListPageDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'Opaque cursor of the next page, null on the last' })
  next_cursor!: string | null;
}
