/** Props for {@link ShipyardMark}. */
export interface ShipyardMarkProps {
  /** Rendered width and height in pixels. */
  size?: number;
  /** Accessible name; without it the mark is decorative. */
  title?: string;
}

/**
 * Shipyard's mark: a container ship on a rounded tile, drawn on a 32 unit
 * grid so that it stays crisp at sidebar (28 px) and sign-in (48 px) sizes.
 */
export const ShipyardMark = ({ size = 28, title }: ShipyardMarkProps) => (
  <svg
    width={size}
    height={size}
    viewBox="0 0 32 32"
    xmlns="http://www.w3.org/2000/svg"
    role={title ? 'img' : undefined}
    aria-label={title}
    aria-hidden={title ? undefined : true}
    focusable="false"
  >
    <defs>
      <linearGradient id="shipyard-mark-tile" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stopColor="#38bdf8" />
        <stop offset="1" stopColor="#2563eb" />
      </linearGradient>
    </defs>
    <rect width="32" height="32" rx="8" fill="url(#shipyard-mark-tile)" />
    <g fill="#ffffff">
      <rect x="10.5" y="7" width="5" height="4" rx="0.75" />
      <rect x="16.5" y="7" width="5" height="4" rx="0.75" opacity="0.8" />
      <rect x="7.5" y="12" width="5" height="4" rx="0.75" opacity="0.8" />
      <rect x="13.5" y="12" width="5" height="4" rx="0.75" />
      <rect x="19.5" y="12" width="5" height="4" rx="0.75" opacity="0.8" />
      <path d="M4.5 17.5h23l-3.2 6.1a1.6 1.6 0 0 1-1.4.9H9.1a1.6 1.6 0 0 1-1.4-.9z" />
    </g>
  </svg>
);
