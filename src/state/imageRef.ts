// An image reference split as container runtimes name its parts:
// `registry/name[:tag][@sha256:digest]` → repository `registry/name`, tag, digest. A ':' after
// the last '/' starts the tag; a ':' before it is a registry port (`host:5000/app`).

export interface ImageRef {
  repository: string;
  tag: string;
  digest: string;
}

export function splitImageRef(image: string): ImageRef {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest };
}
