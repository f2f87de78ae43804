// Placeholder until this screen lands.
export default function Screen() {
  return <div class="center">…</div>;
}
