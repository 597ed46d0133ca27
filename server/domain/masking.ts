/**
 * How the authority shows a person to the public (verification page, printed
 * certificates): an ID number keeps its first four and last four characters
 * (3303**********7775), a name its first character (张*, 欧***).
 */
export function maskIdNumber(value: string | null | undefined): string {
  const id = String(value ?? '').trim();
  if (!id) return '';
  if (id.length <= 8) return `${id.slice(0, 1)}${'*'.repeat(Math.max(id.length - 2, 1))}${id.length > 1 ? id.slice(-1) : ''}`;
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export function maskName(value: string | null | undefined): string {
  const chars = [...String(value ?? '').trim()];
  if (!chars.length) return '';
  return `${chars[0]}${'*'.repeat(Math.max(chars.length - 1, 1))}`;
}
