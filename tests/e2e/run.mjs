// Runs one browser scenario against a box that is already serving (tests/web_e2e.rs starts
// the real binary on a temp data dir and calls this): `node run.mjs <scenario>`.
import { foreignRequests, launch } from './lib.mjs';

const name = process.argv[2];
if (!name || !/^[a-z_]+$/.test(name)) throw new Error('usage: node run.mjs <scenario>');
const { default: scenario } = await import(`./scenarios/${name}.mjs`);
const browser = await launch();
const started = Date.now();
try {
  await scenario(browser);
  if (foreignRequests.length > 0) throw new Error(`requests left the box: ${foreignRequests.join(', ')}`);
  console.log(`scenario ${name}: passed in ${Date.now() - started} ms`);
} catch (error) {
  console.error(`scenario ${name}: FAILED: ${error.stack ?? error}`);
  process.exitCode = 1;
  // What each screen showed when it failed, for whoever reads the CI log.
  const dir = process.env.STDPLUS_FAILURE_SHOTS || '/tmp';
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      const path = `${dir}/e2e-${name}-${n++}.png`;
      await page.screenshot({ path }).catch(() => {});
      console.error(`  screen ${page.url()} → ${path}`);
    }
  }
} finally {
  await browser.close();
}
