// The leaders' GraphiQL page in real headless Chromium: every ready-made question runs with one
// click and answers with data, the subscription question streams a ticket created meanwhile, and
// nothing the page loads comes from outside the hub.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { launchBrowser, type TestBrowser } from "../helpers/browser.js";
import { modes } from "../helpers/db.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const wallDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../wall");
const mode = modes()[0]!;

/** The text of GraphiQL's response pane (CodeMirror 5 keeps its editor on the element). */
const responseText = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector(".result-window .CodeMirror") as (Element & { CodeMirror?: { getValue(): string } }) | null;
    return el?.CodeMirror?.getValue() ?? "";
  });

describe("the GraphiQL page in headless Chromium", () => {
  let browser: TestBrowser;
  let t: TestHub;
  let page: Page;
  const errors: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    execFileSync("node", ["scripts/build-if-stale.mjs"], { cwd: wallDir, stdio: "inherit" });
    browser = await launchBrowser();
    t = await startTestHub(mode);
    page = await browser.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on("pageerror", (e) => errors.push(e.message));
    const origin = new URL(t.url).origin;
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) foreign.push(r.url());
    });
    await page.goto(`${t.url}/graphiql`);
    await page.locator(".graphiql-execute-button").waitFor({ timeout: 60_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const questions = async () => page.locator("[data-question]").evaluateAll((els) => els.map((e) => e.getAttribute("data-question")!));

  it("lists the ready-made questions in Chinese with English beside them", async () => {
    const ids = await questions();
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const first = page.locator("[data-question]").first();
    expect(await first.locator(".co-q-zh").textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await first.locator(".co-q-en").textContent()).toMatch(/[A-Za-z]/);
  });

  it("answers every ready-made query question with data and no errors, one click each", async () => {
    for (const id of (await questions()).filter((q) => q !== "live-events")) {
      await page.locator(`[data-question="${id}"]`).click();
      await expect
        .poll(async () => {
          const text = await responseText(page);
          if (!text.trim().startsWith("{")) return "waiting";
          const body = JSON.parse(text) as { data?: unknown; errors?: { message: string }[] };
          if (body.errors) return `errors: ${body.errors.map((e) => e.message).join("; ")}`;
          return body.data && typeof body.data === "object" ? "data" : "waiting";
        }, { timeout: 20_000, message: `question ${id}` })
        .toBe("data");
      // The next question must replace this answer, not be read from it.
      await page.evaluate(() => {
        const el = document.querySelector(".result-window .CodeMirror") as (Element & { CodeMirror?: { setValue(v: string): void } }) | null;
        el?.CodeMirror?.setValue("");
      });
    }
  });

  it("streams a ticket created while the subscription question runs", async () => {
    await page.locator('[data-question="live-events"]').click();
    // The subscription is open once GraphiQL's run button turns into its stop button.
    await expect.poll(async () => page.locator(".graphiql-execute-button").getAttribute("aria-label"), { timeout: 20_000 }).toMatch(/^Stop/);
    const operator = await t.token("operator");
    const created = await t.gql<{ createTicket: { id: string } }>(
      `mutation($i: CreateTicketInput!) { createTicket(input: $i) { id } }`,
      { i: { source: "HOTLINE", channel: "PHONE", appealType: "COMPLAINT", externalId: `graphiql-${Date.now()}`, content: "小区路灯不亮，晚上出行不便" } },
      operator,
    );
    expect(created.errors).toBeUndefined();
    await expect.poll(async () => responseText(page), { timeout: 20_000 }).toContain(`"id": "${created.data!.createTicket.id}"`);
    expect(await responseText(page)).toContain('"type": "CREATED"');
    await page.locator(".graphiql-execute-button").click();
  });

  it("introspects the schema: the docs panel shows the API and the editor completes a field", async () => {
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    const docs = page.locator(".graphiql-doc-explorer");
    await expect.poll(async () => docs.textContent(), { timeout: 20_000 }).toMatch(/Query/);
    await docs.locator("a.graphiql-doc-explorer-type-name", { hasText: /^Query$/ }).first().click();
    await expect.poll(async () => docs.textContent(), { timeout: 20_000 }).toMatch(/tickets/);
    // Leaders read the descriptions in Chinese.
    expect(await docs.textContent()).toMatch(/工单/);
    // The braces are set, not typed (typing "{" opens a hint of its own); the field name is typed.
    await page.evaluate(() => {
      type Cm = { setValue(v: string): void; setCursor(p: { line: number; ch: number }): void; focus(): void };
      const cm = (document.querySelector(".graphiql-query-editor .CodeMirror") as (Element & { CodeMirror?: Cm }) | null)?.CodeMirror;
      cm?.setValue("{  }");
      cm?.focus();
      cm?.setCursor({ line: 0, ch: 2 });
    });
    await page.keyboard.type("tick", { delay: 50 });
    const hints = page.locator(".CodeMirror-hints .CodeMirror-hint");
    await expect.poll(async () => hints.allTextContents(), { timeout: 20_000 }).toContain("tickets");
    await page.keyboard.press("Escape");
  });

  it("raised no page errors and loaded nothing from outside the hub", () => {
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
