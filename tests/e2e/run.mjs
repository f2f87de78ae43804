// Runs one browser scenario against a box that is already serving (tests/web_e2e.rs starts
// the real binary on a temp data dir and calls this): `node run.mjs <scenario>`.
import { launch } from './lib.mjs';

const name = process.argv[2];
if (!name || !/^[a-z_]+$/.test(name)) throw new Error('usage: node run.mjs <scenario>');
const { default: scenario } = await import(`./scenarios/${name}.mjs`);
const browser = await launch();
const started = Date.now();
try {
  await scenario(browser);
  console.log(`scenario ${name}: passed in ${Date.now() - started} ms`);
} catch (error) {
  console.error(`scenario ${name}: FAILED: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
