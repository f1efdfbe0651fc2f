import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { cli } from "../helpers/cli.js";

/**
 * `cityops load` while a hub holds the embedded data folder: the file goes through the hub's
 * /admin/load, which only an admin may use; bad rows are written to the rejects file.
 */


describe("loading a city's file through the running hub", () => {
  let t: TestHub;
  let dir: string;
  beforeAll(async () => {
    t = await startTestHub("pglite", { seed: false });
    // The CLI signs its admin token with the data folder's demo secret: give it the hub's.
    copyFileSync(path.join(t.config.dataDir, "jwt-secret"), path.join(t.db.dataDir!, "jwt-secret"));
    dir = mkdtempSync(path.join(tmpdir(), "cityops-load-hub-"));
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends the file to the hub that holds the data folder, and keeps refused rows in the rejects file", async () => {
    const env = { CITYOPS_DATA_DIR: t.db.dataDir!, PORT: String(t.hub.port) };
    const bad = path.join(dir, "departments-bad.csv");
    writeFileSync(bad, "单位编码,单位名称,类型,上级单位\nD01,区政府办公室,区直部门,\nD02,区城管局,区直部门,D99\n,无编码单位,区直部门,\n");
    const rejects = path.join(dir, "rejects.csv");
    const refused = await cli(["load", "departments", bad, "--rejects", rejects], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/held by a running hub/);
    expect(refused.stderr).toMatch(/line 3: 上级单位 "D99" is not a department/);
    const lines = readFileSync(rejects, "utf8").trim().split("\n");
    expect(lines[0]).toBe("line,reason,单位编码,单位名称,类型,上级单位");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["3", "4"]);
    expect((await t.gql<{ departments: unknown[] }>(`{ departments { id } }`, {}, await t.token("admin"))).data!.departments).toEqual([]);

    const good = path.join(dir, "departments.csv");
    writeFileSync(good, "单位编码,单位名称,类型,上级单位\nD01,区政府办公室,区直部门,\nD02,区城管局,区直部门,D01\n");
    const ok = await cli(["load", "departments", good], env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split("\n").at(-1)!)).toMatchObject({ applied: true, added: 2 });
    const depts = await t.gql<{ departments: { code: string }[] }>(`{ departments { code } }`, {}, await t.token("admin"));
    expect(depts.data!.departments.map((d) => d.code).sort()).toEqual(["D01", "D02"]);
  }, 120_000);

  it("refuses /admin/load to anyone but an admin", async () => {
    for (const token of [null, await t.token("operator"), await t.token("leader")]) {
      const res = await fetch(`${t.url}/admin/load/knowledge?file=k.csv`, { method: "POST", headers: token ? { authorization: `Bearer ${token}` } : {}, body: "问题,答复\n问,答\n" });
      expect(res.status).toBe(403);
    }
    const admin = await fetch(`${t.url}/admin/load/knowledge?file=k.csv&dryRun=1`, { method: "POST", headers: { authorization: `Bearer ${await t.token("admin")}` }, body: "问题,答复\n问,答\n" });
    expect(await admin.json()).toMatchObject({ dryRun: true, applied: false, added: 1 });
    const unknown = await fetch(`${t.url}/admin/load/tickets`, { method: "POST", headers: { authorization: `Bearer ${await t.token("admin")}` }, body: "x" });
    expect(unknown.status).toBe(404);
  });
});
