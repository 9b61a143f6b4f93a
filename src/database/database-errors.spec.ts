import { EntityMetadataNotFoundError, QueryFailedError } from 'typeorm';
import { isDatabaseUnavailableError } from './database-errors';

function queryError(code: string, message = 'boom'): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));
}

describe('isDatabaseUnavailableError', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['terminated connection', new Error('Connection terminated unexpectedly')],
    ['query read timeout', new Error('Query read timeout')],
    ['admin shutdown', queryError('57P01')],
    ['statement timeout', queryError('57014')],
    ['connection exception class', queryError('08006')],
    ['not connected yet', new EntityMetadataNotFoundError('User')],
  ])('treats %s as unavailable', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['unique violation', queryError('23505')],
    ['syntax error', queryError('42601')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['not an error', 'oops'],
  ])('treats %s as a bug, not an outage', (_name, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});
