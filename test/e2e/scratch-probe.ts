import { launchBrowser } from "../helpers/browser.js";
const b = await launchBrowser();
for (const [w, h] of [[1920, 1080], [3840, 2160], [1280, 1024]] as const) {
  const page = await b.browser.newPage({ viewport: { width: w, height: h } });
  await page.goto("http://127.0.0.1:4140/wall?noanim=1");
  await page.waitForFunction(() => (window as unknown as { __wall?: { ready: boolean } }).__wall?.ready === true);
  console.log(w, h, JSON.stringify(await page.evaluate(() => [...document.querySelectorAll("canvas")].map((c) => [c.width, c.clientWidth, Math.round(c.getBoundingClientRect().width)]))));
  if (w === 3840) await page.screenshot({ path: "/tmp/wallshots/clip.png", clip: { x: 2628, y: 1000, width: 1212, height: 1160 } });
  if (w === 1280) await page.screenshot({ path: "/tmp/wallshots/wall-1280.png" });
  await page.close();
}
await b.close();
