import { describe, expect, it } from "vitest";
import { maskName, maskPhone, maskPhonesInText, personalDataView, viewPhone } from "../../server/src/domain/masking.js";

describe("personal data masking", () => {
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
    expect(maskName("李女士")).toBe("李**");
  });

  it("masks phone numbers that citizens typed into the content", () => {
    expect(maskPhonesInText("请回电13912345678谢谢", "masked")).toBe("请回电139****5678谢谢");
    expect(maskPhonesInText("请回电13912345678", "clear")).toBe("请回电13912345678");
    expect(maskPhonesInText("编号2024139123456789", "masked")).toBe("编号2024139123456789");
  });
});
