import { describe, expect, it } from 'vitest';
import { firmwareSearchPath } from '../../../src/probes/inventory/firmware-search-path.js';

describe('firmwareSearchPath', () => {
  it('is the kernel’s fw_path[] on a real host: updates/<release>, updates, <release>, /lib/firmware', () => {
    expect(firmwareSearchPath('/lib/firmware', '6.17.6-300.fc43.x86_64', '')).toEqual([
      { kernelDir: '/lib/firmware/updates/6.17.6-300.fc43.x86_64', dir: '/lib/firmware/updates/6.17.6-300.fc43.x86_64' },
      { kernelDir: '/lib/firmware/updates', dir: '/lib/firmware/updates' },
      { kernelDir: '/lib/firmware/6.17.6-300.fc43.x86_64', dir: '/lib/firmware/6.17.6-300.fc43.x86_64' },
      { kernelDir: '/lib/firmware', dir: '/lib/firmware' },
    ]);
  });

  it('puts firmware_class.path first, read under the host prefix of a copied tree', () => {
    expect(firmwareSearchPath('/tmp/host/lib/firmware', null, '/opt/npu-fw')).toEqual([
      { kernelDir: '/opt/npu-fw', dir: '/tmp/host/opt/npu-fw' },
      { kernelDir: '/lib/firmware/updates', dir: '/tmp/host/lib/firmware/updates' },
      { kernelDir: '/lib/firmware', dir: '/tmp/host/lib/firmware' },
    ]);
    expect(firmwareSearchPath('/lib/firmware', null, '/opt/npu-fw')[0]).toEqual({ kernelDir: '/opt/npu-fw', dir: '/opt/npu-fw' });
  });

  it('reads firmware_class.path as it is under a root that is not a lib/firmware, and lists a directory once', () => {
    expect(firmwareSearchPath('/srv/fw', null, '/opt/npu-fw')[0]).toEqual({ kernelDir: '/opt/npu-fw', dir: '/opt/npu-fw' });
    expect(firmwareSearchPath('/lib/firmware', null, '/lib/firmware').map((d) => d.kernelDir)).toEqual(['/lib/firmware', '/lib/firmware/updates']);
  });
});
