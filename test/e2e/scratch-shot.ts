import { launchBrowser } from "../helpers/browser.js";
const url = process.argv[2] ?? "http://127.0.0.1:4140/wall?noanim=1";
const b = await launchBrowser();
for (const [w, h] of [[1920, 1080], [3840, 2160]] as const) {
  const page = await b.browser.newPage({ viewport: { width: w, height: h } });
  const logs: string[] = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __wall?: { ready: boolean } }).__wall?.ready === true, null, { timeout: 30000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/wallshots/wall-${w}.png` });
  console.log(w, JSON.stringify(await page.evaluate(() => (window as unknown as { __wall: unknown }).__wall)));
  console.log(logs.join("\n"));
  await page.close();
}
await b.close();
