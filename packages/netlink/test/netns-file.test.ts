import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { netnsFileId } from '../src/index.js';

// netnsFileId only reads (statfs, stat, readlink), so it runs without root and
// without touching any namespace: the test process's own files are the cases.

describe('netnsFileId', () => {
  it('identifies a network namespace file by device and inode (its /proc link)', async () => {
    const id = await netnsFileId({ path: '/proc/self/ns/net' });
    const st = await stat('/proc/self/ns/net');
    expect(id).toEqual({ dev: st.dev, ino: st.ino });
    // The same namespace through another process's link has the same identity.
    expect(await netnsFileId({ path: `/proc/${process.pid}/ns/net` })).toEqual(id);
  });

  it.each(['/etc/passwd', '/proc/self/ns/mnt', '/proc/self/ns/uts', '/dev/null', '/nonexistent'])(
    'answers null for %s (not a network namespace)',
    async (path) => {
      expect(await netnsFileId({ path })).toBeNull();
    },
  );
});
