import { DepartmentStatusCache } from '../../src/auth/department-status.js';
import type { DepartmentDirectory } from '../../src/auth/department-directory.js';

/** A directory whose answers the test releases by hand, counting the questions it was asked. */
function heldDirectory() {
  const waiting: ((enabled: boolean) => void)[] = [];
  let asked = 0;
  const directory: DepartmentDirectory = {
    isEnabled: () => {
      asked++;
      return new Promise<boolean>((resolve) => waiting.push(resolve));
    },
  };
  return { directory, asked: () => asked, answer: (enabled: boolean) => waiting.shift()!(enabled) };
}

describe('department status cache', () => {
  it('asks the directory once for many requests that miss at the same moment', async () => {
    const held = heldDirectory();
    const cache = new DepartmentStatusCache(held.directory);
    const answers = Array.from({ length: 50 }, () => cache.isEnabled('HZ-XZFWZX'));
    held.answer(true);
    expect(await Promise.all(answers)).toEqual(Array(50).fill(true));
    expect(await cache.isEnabled('HZ-XZFWZX')).toBe(true);
    expect(held.asked()).toBe(1);
  });

  it('after forget(), asks again and does not cache an answer that was already on its way', async () => {
    const held = heldDirectory();
    const cache = new DepartmentStatusCache(held.directory);
    const before = cache.isEnabled('HZ-XZFWZX');
    cache.forget('HZ-XZFWZX'); // the department was disabled while the first question was out
    const after = cache.isEnabled('HZ-XZFWZX');
    expect(held.asked()).toBe(2);
    held.answer(true);
    held.answer(false);
    expect(await before).toBe(true);
    expect(await after).toBe(false);
    expect(await cache.isEnabled('HZ-XZFWZX')).toBe(false);
    expect(held.asked()).toBe(2);
  });

  it('does not remember a failed question', async () => {
    let asked = 0;
    const cache = new DepartmentStatusCache({ isEnabled: async () => (asked++ === 0 ? Promise.reject(new Error('database down')) : true) });
    await expect(cache.isEnabled('HZ-XZFWZX')).rejects.toThrow('database down');
    expect(await cache.isEnabled('HZ-XZFWZX')).toBe(true);
    expect(asked).toBe(2);
  });
});
