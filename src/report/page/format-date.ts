// "2025-11-23 08:00 UTC": the page's dates, in UTC so a page reads the same wherever it is opened.
export function formatDate(at: number | string): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
