import { responseLogLevel } from './logging.module';

describe('responseLogLevel', () => {
  it('logs expected 503 states as warnings, other server errors as errors', () => {
    expect(responseLogLevel(503)).toBe('warn');
    expect(responseLogLevel(503, new Error('failed with status code 503'))).toBe('warn');
    expect(responseLogLevel(500)).toBe('error');
    expect(responseLogLevel(200, new Error('boom'))).toBe('error');
    expect(responseLogLevel(404)).toBe('warn');
    expect(responseLogLevel(201)).toBe('info');
  });
});
