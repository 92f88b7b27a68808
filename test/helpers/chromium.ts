import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

// Debian's chromium (.ci/run installs it), headless. As root it needs --no-sandbox. Every request that could leave
// the page fails: a proxy nobody listens on, and every host name resolving to nothing.
const CHROMIUM = 'chromium';
const OFFLINE = ['--proxy-server=http://127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-bypass-list=<-loopback>'];
const BASE = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--hide-scrollbars', ...OFFLINE];

// A PNG screenshot of `file` at width × height CSS pixels (times `scale` device pixels); returns the PNG's own width
// and height (from its IHDR chunk).
export async function screenshot(file: string, png: string, width: number, height: number, scale = 1): Promise<{ width: number; height: number }> {
  const profile = await fsp.mkdtemp(path.join(os.tmpdir(), 'npu-watch-chromium-'));
  try {
    await execa(CHROMIUM, [...BASE, `--user-data-dir=${profile}`, `--screenshot=${png}`, `--window-size=${width},${height}`, `--force-device-scale-factor=${scale}`, `file://${file}`], { timeout: 90_000 });
  } finally {
    await fsp.rm(profile, { recursive: true, force: true });
  }
  const bytes = await fsp.readFile(png);
  if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${png} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// What the probe measured in the laid-out page.
export interface PageProbe {
  innerWidth: number;
  scrollWidth: number;
  // Per chart: its drawn width in CSS pixels and how many data points (circles) it has.
  charts: { width: number; points: number }[];
  // Every resource the page asked for (Resource Timing), failed ones included.
  resources: string[];
}

// Lays the page out at `width` and reads the probe's findings. The page itself has no script: a copy gets one
// probe script at the end of its body (the only JavaScript that runs), which writes what it measured into the DOM
// that --dump-dom prints.
export async function probePage(html: string, dir: string, width: number): Promise<PageProbe> {
  const probe = `<script>
addEventListener('load', () => {
  const charts = [...document.querySelectorAll('svg.chart')].map((svg) => ({ width: svg.getBoundingClientRect().width, points: svg.querySelectorAll('circle').length }));
  const found = { innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, charts, resources: performance.getEntriesByType('resource').map((entry) => entry.name) };
  const out = document.createElement('pre');
  out.id = 'probe-result';
  out.textContent = JSON.stringify(found);
  document.body.append(out);
});
</script>`;
  const file = path.join(dir, 'probed.html');
  await fsp.writeFile(file, html.replace('</body>', `${probe}</body>`));
  const { stdout } = await execa(CHROMIUM, [...BASE, `--user-data-dir=${dir}/chromium-profile`, `--window-size=${width},900`, '--virtual-time-budget=5000', '--dump-dom', `file://${file}`], { timeout: 90_000 });
  const match = /<pre id="probe-result">(.*?)<\/pre>/s.exec(stdout);
  if (!match) throw new Error(`the probe wrote nothing; chromium printed:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(match[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as PageProbe;
}
