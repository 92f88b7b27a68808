// A deliberately tiny os-release reader (ID and ID_LIKE only), private to the updates probe.
// To be merged with the full os-release parser the inventory probe has (src/probes/inventory/).

export type PackageManager = 'dnf' | 'apt';

const DNF_FAMILIES = new Set(['fedora', 'rhel', 'centos']);
const APT_FAMILIES = new Set(['debian', 'ubuntu']);

// Which package managers to try, in order, given the text of os-release (null when the file is absent).
export function managersToTry(osRelease: string | null): PackageManager[] {
  for (const id of osReleaseIds(osRelease ?? '')) {
    if (DNF_FAMILIES.has(id)) return ['dnf'];
    if (APT_FAMILIES.has(id)) return ['apt'];
  }
  return ['dnf', 'apt'];
}

// ID first, then the ID_LIKE entries in their order, lower-cased.
function osReleaseIds(text: string): string[] {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(ID|ID_LIKE)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) values.set(match[1], unquote(match[2]));
  }
  const ids = [values.get('ID') ?? '', ...(values.get('ID_LIKE') ?? '').split(/\s+/)];
  return ids.map((id) => id.toLowerCase()).filter(Boolean);
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted?.[2] ?? value;
}
