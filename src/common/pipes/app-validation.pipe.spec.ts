import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Max, ValidateNested } from 'class-validator';
import { ApiError } from '../http/api-error';
import { AppValidationPipe, findUnstorableText } from './app-validation.pipe';

class ItemDto {
  @IsInt()
  @Max(5)
  rating!: number;
}

class BodyDto {
  @IsString()
  title!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];
}

async function errorsFor(value: unknown): Promise<unknown> {
  try {
    await new AppValidationPipe().transform(value, { type: 'body', metatype: BodyDto });
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).getResponse();
  }
  throw new Error('expected a validation error');
}

describe('AppValidationPipe', () => {
  it('reports nested fields as paths with indexes', async () => {
    expect(await errorsFor({ title: 'ok', items: [{ rating: 1 }, { rating: 9 }] })).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      errors: [{ field: 'items[1].rating', message: 'rating must not be greater than 5' }],
    });
  });

  it('refuses unknown fields (no mass assignment)', async () => {
    expect(await errorsFor({ title: 'ok', items: [], role: 'admin' })).toMatchObject({
      errors: [{ field: 'role', message: 'is not allowed' }],
    });
  });

  it('refuses strings holding U+0000 before validation', async () => {
    expect(await errorsFor({ title: 'a\u0000b', items: [] })).toMatchObject({
      errors: [{ field: 'title', message: 'must not contain U+0000' }],
    });
  });

  it('returns a DTO instance when valid', async () => {
    const value = await new AppValidationPipe().transform(
      { title: 'ok', items: [{ rating: 3 }] },
      { type: 'body', metatype: BodyDto },
    );
    expect(value).toBeInstanceOf(BodyDto);
  });
});

describe('findUnstorableText', () => {
  it('finds U+0000 and lone surrogates anywhere, with their path', () => {
    expect(findUnstorableText({ a: ['x', { b: 'y\u0000' }] })).toEqual({
      field: 'a[1].b',
      message: 'must not contain U+0000',
    });
    expect(findUnstorableText({ a: ['x'] })).toBeUndefined();
    expect(findUnstorableText('\u0000')).toMatchObject({ field: 'value' });
    expect(findUnstorableText({ email: '\ud800@b.co' })).toEqual({
      field: 'email',
      message: 'must be well-formed Unicode (no lone surrogates)',
    });
    expect(findUnstorableText({ name: 'x\udfff' })).toMatchObject({ field: 'name' });
    expect(findUnstorableText({ name: 'emoji 😀 and é are fine' })).toBeUndefined();
  });
});
