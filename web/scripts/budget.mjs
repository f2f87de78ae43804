// After `vite build`: writes a gzip copy beside every text asset (the box sends it to browsers
// that accept gzip), and checks the kiosk's budget: everything a station screen loads before it
// can scan (the entry chunk, the kiosk chunk, their static imports and CSS) must stay under
// 150 KB gzipped, Socket.IO client included. Fonts are counted apart (they load in parallel and
// are cached for a year). Prints the table and leaves it in STDPLUS_WEB_REPORT for cargo to show.
import { readFileSync, writeFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 150;
const KIOSK_MODULE = 'src/screens/kiosk/KioskScreen.tsx';
const out = process.env.STDPLUS_WEB_OUT ?? 'dist';
const report = process.env.STDPLUS_WEB_REPORT ?? 'budget.txt';
const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(out, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

// The kiosk's first load: the entry, the kiosk screen chunk and their static imports.
const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const dep of chunk.imports ?? []) visit(dep);
};
visit('index.html');
if (!manifest[KIOSK_MODULE]) {
  console.error(`budget: ${KIOSK_MODULE} is not a chunk of the build`);
  process.exit(1);
}
visit(KIOSK_MODULE);
files.add('index.html');

const rows = [...files].map((file) => [file, gz(file)]);
const total = rows.reduce((sum, [, size]) => sum + size, 0);
const fonts = [];
const compressible = new Set(['.js', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt']);
const walk = (dir) => {
  for (const name of readdirSync(join(out, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(out, rel)).isDirectory()) {
      walk(rel);
    } else if (compressible.has(extname(name))) {
      writeFileSync(join(out, `${rel}.gz`), gzipSync(readFileSync(join(out, rel)), { level: 9 }));
    } else if (name.endsWith('.woff2')) {
      fonts.push([rel, statSync(join(out, rel)).size]);
    }
  }
};
rmSync(join(out, '.vite'), { recursive: true, force: true });
walk('');

const lines = [
  `web app: kiosk first load ${kb(total)} KB gzipped of ${BUDGET_KB} KB budget ` +
    `(${rows.map(([f, s]) => `${f.replace(/^assets\//, '')} ${kb(s)}`).join(', ')}); ` +
    `fonts ${kb(fonts.reduce((s, [, b]) => s + b, 0))} KB woff2 in ${fonts.length} files`,
];
writeFileSync(report, lines.join('\n') + '\n');
console.log(lines.join('\n'));
if (total > BUDGET_KB * 1024) {
  console.error(`budget: the kiosk loads ${kb(total)} KB gzipped, over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
