/**
 * `/shares/{shareId}` takes a sharing URL encoded as Graph's docs say: base64 of the URL,
 * `=` padding removed, `/` → `_`, `+` → `-`, prefixed `u!`.
 */
export function encodeSharingUrl(url: string): string {
  return `u!${Buffer.from(url, 'utf8').toString('base64').replace(/=+$/, '').replace(/\//g, '_').replace(/\+/g, '-')}`;
}
