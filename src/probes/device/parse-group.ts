// Parses an /etc/group file ("name:password:gid:members" lines) into gid → group name. Malformed lines are
// skipped and the first entry for a gid wins, as getgrgid() does.
export function parseGroupFile(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(':');
    const [name, , gidText] = fields;
    if (fields.length < 3 || !name || name.startsWith('#') || !/^\d+$/.test(gidText ?? '')) continue;
    const gid = Number(gidText);
    if (!names.has(gid)) names.set(gid, name);
  }
  return names;
}
