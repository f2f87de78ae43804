// A few line icons drawn inline (emoji fonts are missing on some kiosks and phones render them
// differently). Decorative: the button's text says the same.
const paths = {
  camera: 'M4 8h3l2-3h6l2 3h3v11H4zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
  video: 'M3 7h12v10H3zM15 11l6-4v10l-6-4',
  printer: 'M6 9V3h12v6M6 18H3v-9h18v9h-3M6 14h12v7H6z',
  torch: 'M8 3h8l-1 6h-6zM9 9h6v12H9zM12 13v3',
  stop: 'M6 6h12v12H6z',
  reload: 'M20 12a8 8 0 1 1-3-6.2M20 4v5h-5',
};

export type IconName = keyof typeof paths;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" stroke-linecap="round" />
    </svg>
  );
}
