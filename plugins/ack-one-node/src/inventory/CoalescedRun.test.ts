import { CoalescedRun } from './CoalescedRun';

describe('CoalescedRun', () => {
  it('runs once more after the run in flight, for every caller meanwhile', async () => {
    let runs = 0;
    let release!: () => void;
    const runner = new CoalescedRun(async () => {
      runs += 1;
      if (runs === 1) await new Promise<void>(r => (release = r));
      return runs;
    });
    const first = runner.run();
    expect(runner.pending()).toBe(first);
    const second = runner.run();
    const third = runner.run();
    expect(third).toBe(second);
    release();
    await expect(first).resolves.toBe(1);
    await expect(second).resolves.toBe(2);
    expect(runs).toBe(2);
    expect(runner.pending()).toBeUndefined();
  });

  it('runs again after a failed run', async () => {
    let calls = 0;
    const runner = new CoalescedRun(async () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return calls;
    });
    const first = runner.run();
    const second = runner.run();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
  });
});
