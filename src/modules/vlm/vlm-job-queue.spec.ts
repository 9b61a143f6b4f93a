import { lockTimings } from './vlm-job-queue';

describe('lockTimings', () => {
  it('notices a dead worker well within the request timeout', () => {
    expect(lockTimings(30_000)).toEqual({ lockDuration: 5000, stalledInterval: 5000 });
    expect(lockTimings(120_000)).toEqual({ lockDuration: 10_000, stalledInterval: 10_000 });
    expect(lockTimings(3000)).toEqual({ lockDuration: 1000, stalledInterval: 1000 });
  });
});
