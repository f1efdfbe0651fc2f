import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's Chromium: never a downloaded browser (`npx playwright install` needs the internet). */
export const CHROMIUM = "/usr/bin/chromium";

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // A wall tab hidden behind nothing must still run its timers at full speed.
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
  // Lets the soak read heap figures after a real collection.
  "--js-flags=--expose-gc",
];

function installed(pkg: string): boolean {
  try {
    return execFileSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" }).includes("install ok installed");
  } catch {
    return false;
  }
}

function aptInstall(pkgs: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => execFileSync("apt-get", ["install", "-y", "--no-install-recommends", ...pkgs], { env, stdio: "inherit", timeout: 900_000 });
  try {
    install();
  } catch {
    // A fresh machine often has stale or empty package lists: refresh once, then try again.
    execFileSync("apt-get", ["update"], { env, stdio: "inherit", timeout: 600_000 });
    install();
  }
}

/**
 * Makes sure Chromium and a CJK font are present, installing Debian's packages when they are
 * missing (the test machines run as root). Throws rather than letting the browser tests skip.
 */
export function ensureChromium(): string {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push("chromium");
  if (!installed("fonts-noto-cjk")) missing.push("fonts-noto-cjk");
  if (missing.length > 0) {
    console.error(`browser tests: installing ${missing.join(", ")} from Debian's packages…`);
    try {
      aptInstall(missing);
    } catch (err) {
      throw new Error(
        `The browser tests need ${missing.join(" and ")}; installing them failed (run as root: apt-get install -y chromium fonts-noto-cjk): ${(err as Error).message}`,
      );
    }
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is still missing after installing chromium`);
  return CHROMIUM;
}

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile. playwright-core refuses a `--user-data-dir` flag in
 * launch(): it creates a fresh temporary profile itself and removes it on close.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = ensureChromium();
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}
