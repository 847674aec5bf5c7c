// JSON pointers as the json plugin reads them: one leading '/' is optional, the rest is split
// on '/', and `~1` / `~0` stand for '/' and '~'. Each piece then walks one object member or
// array element (see getMember).

export function parseJsonPointer(pointer: string): string[] {
  const body = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return body.split('/').map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
}
