import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { cachedMetrics } from '../../../src/http/metrics-cache.js';

describe('cachedMetrics', () => {
  it('renders once per interval, shares concurrent renders, and shows new values after the interval', async () => {
    const registry = new Registry();
    let collects = 0;
    const gauge = new Gauge({ name: 'x_value', help: 'x', registers: [registry], collect: () => void (collects += 1) });
    let now = 0;
    const metrics = cachedMetrics(registry, 1000, () => now);
    gauge.set(1);
    const [a, b] = await Promise.all([metrics(), metrics()]);
    expect(a).toBe(b);
    expect(collects).toBe(1);
    gauge.set(2);
    now = 999;
    expect(await metrics()).toContain('x_value 1');
    now = 1000;
    expect(await metrics()).toContain('x_value 2');
    expect(collects).toBe(2);
  });

  it('does not keep a failed render', async () => {
    const registry = new Registry();
    let fail = true;
    new Gauge({ name: 'y_value', help: 'y', registers: [registry], collect: () => { if (fail) throw new Error('collector broke'); } });
    const metrics = cachedMetrics(registry, 1000, () => 0);
    await expect(metrics()).rejects.toThrow('collector broke');
    fail = false;
    expect(await metrics()).toContain('y_value 0');
  });
});
