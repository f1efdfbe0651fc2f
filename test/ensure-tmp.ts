import { launchBrowser } from "/work/main/test/helpers/browser.ts";
const b = await launchBrowser();
const p = await b.browser.newPage();
await p.setContent("<p>你好</p>");
console.log(await p.evaluate(() => navigator.userAgent));
await b.close();
