import { describe, expect, it } from "vitest";
import { ROLES } from "@cityops/schema";
import { maskName, maskPhone, personalDataView, privacyView, PUBLIC_VIEW, viewAddress, viewPhone, viewPoint, viewText, viewTicket } from "../../server/src/domain/privacy/policy.js";

const PLACE = { area: "望京街道 · 花家地社区", cellCentre: { lat: 39.99, lng: 116.47 } };

describe("the privacy policy", () => {
  it("masks a mobile number as 138****1234", () => {
    expect(maskPhone("13812341234")).toBe("138****1234");
  });

  it("shows operators and supervisors the full number, masks it for leaders, hides it from the wall", () => {
    expect(viewPhone("13812341234", personalDataView("operator"))).toBe("13812341234");
    expect(viewPhone("13812341234", personalDataView("supervisor"))).toBe("13812341234");
    expect(viewPhone("13812341234", personalDataView("leader"))).toBe("138****1234");
    expect(viewPhone("13812341234", personalDataView("department"))).toBe("138****1234");
    expect(viewPhone("13812341234", personalDataView("wall"))).toBeNull();
  });

  it("keeps the family name of a Chinese name", () => {
    expect(maskName("张三丰")).toBe("张**");
  });

  it("masks what citizens type into the content by role", () => {
    const text = "我叫王小明，身份证号110101199003071234，住在幸福小区5号楼302室，电话13912345678，车牌京A12345";
    expect(viewText(text, privacyView("operator"))).toBe(text);
    const leader = viewText(text, privacyView("leader"));
    expect(leader).toBe("我叫王**，身份证号110101********1234，住在幸福小区*******，电话139****5678，车牌京A*****");
    // The department goes to the home: it sees the room, not the person.
    expect(viewText(text, privacyView("department"))).toContain("5号楼302室");
    expect(viewText(text, privacyView("department"))).not.toContain("王小明");
    const wall = viewText(text, PUBLIC_VIEW);
    expect(wall).toHaveLength(text.length);
    for (const secret of ["王小明", "110101199003071234", "5号楼302室", "13912345678", "京A12345", "王"]) expect(wall).not.toContain(secret);
  });

  it("masks the ticket's own citizen wherever the text names them", () => {
    expect(viewText("张建国反映楼道灯坏了，张建国腿脚不便", PUBLIC_VIEW, "张建国")).toBe("***反映楼道灯坏了，***腿脚不便");
  });

  it("leaves public numbers and places alone", () => {
    for (const s of ["请拨打12345或110", "地铁4号线望京站", "幸福路88号门口", "5号楼门口的路灯不亮", "2026年11月3日晚上10点", "欠薪3500元已3个月", "王府井大街", "物业的一位先生说"]) {
      expect(viewText(s, PUBLIC_VIEW)).toBe(s);
    }
  });

  it("gives the wall and the public the street and community, and the grid cell's centre", () => {
    expect(viewAddress("花家地小区5号楼302室", PUBLIC_VIEW, PLACE)).toBe(PLACE.area);
    expect(viewAddress("花家地小区5号楼302室", privacyView("leader"), PLACE)).toBe("花家地小区*******");
    expect(viewAddress("花家地小区5号楼302室", privacyView("department"), PLACE)).toBe("花家地小区5号楼302室");
    expect(viewPoint(39.98765, 116.45678, PUBLIC_VIEW, PLACE)).toEqual(PLACE.cellCentre);
    expect(viewPoint(39.98765, 116.45678, PUBLIC_VIEW, { area: null, cellCentre: null })).toEqual({ lat: 39.99, lng: 116.46 });
    expect(viewPoint(39.98765, 116.45678, privacyView("leader"), PLACE)).toEqual({ lat: 39.98765, lng: 116.45678 });
  });

  it("has a view for every role, and the wall's is the public's", () => {
    for (const role of ROLES) expect(privacyView(role)).toBeDefined();
    expect(privacyView(null)).toEqual(privacyView("wall"));
    const t = { title: null, content: "我叫李红", reply: "已联系李红", address: "1号楼101室", lat: 1, lng: 2, citizenName: "李红", citizenPhone: "13800000000" };
    const seen = viewTicket(t, PUBLIC_VIEW, PLACE);
    expect(seen).toEqual({ title: null, content: "我叫**", reply: "已联系**", address: PLACE.area, lat: 39.99, lng: 116.47, citizenName: null, citizenPhone: null });
  });
});
