/** The session's CSRF token, which the layout puts in a meta tag; every state-changing fetch sends it. */
export function csrfHeaders(): Record<string, string> {
  const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  return token ? { 'x-csrf-token': token } : {};
}
