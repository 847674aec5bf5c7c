// A small colour square (SVG: the page's CSP allows no inline style attributes).

export function Swatch({ color }: { color: string }) {
  return (
    <svg className="swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
      <rect width="10" height="10" rx="2" fill={color} />
    </svg>
  );
}
