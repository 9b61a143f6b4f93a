import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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

  @ApiProperty({ type: 'null', nullable: true, example: null })
  data!: null;

  @ApiProperty({ example: 'Validation failed' })
  message!: string;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable UPPER_SNAKE identifier for clients and i18n' })
  code!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiProperty({ example: '6f1c2d9e-2b5e-4c1a-9a57-0f8f3e2b1c4d', description: 'Also in the X-Request-Id header' })
  request_id!: string;
}

export class ListPageDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'Opaque cursor of the next page, null on the last' })
  next_cursor!: string | null;
}
