/** A string in a manifest together with where it sits. */
export interface LocatedUrl {
  field: string;
  url: string;
}

const LOOKS_LIKE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Every URL-looking string in a parsed JSON manifest, with its JSON pointer. */
export function collectJsonUrls(value: unknown, pointer = ''): LocatedUrl[] {
  if (typeof value === 'string')
    return LOOKS_LIKE_URL.test(value) ? [{ field: pointer, url: value }] : [];
  if (Array.isArray(value))
    return value.flatMap((item, index) => collectJsonUrls(item, `${pointer}/${index}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      key === '$schema' ? [] : collectJsonUrls(item, `${pointer}/${escapePointer(key)}`),
    );
  }
  return [];
}

/** Every URL in an XML manifest's attribute values and text, with its line number. */
export function collectXmlUrls(xml: string): LocatedUrl[] {
  const found: LocatedUrl[] = [];
  xml.split('\n').forEach((line, index) => {
    // Namespace declarations are names, not addresses anything loads.
    const withoutNamespaces = line.replace(/xmlns(:\w+)?="[^"]*"/g, '');
    for (const match of withoutNamespaces.matchAll(/(?:="|>)([a-z][a-z0-9+.-]*:\/\/[^"<]*)/gi)) {
      if (match[1]) found.push({ field: `line ${index + 1}`, url: match[1] });
    }
  });
  return found;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
