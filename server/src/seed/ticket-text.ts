// Words of the demo tickets: addresses, callers, the request text and the department's reply. The
// text is built from the matter's own words plus varied framing, so dispatch suggestions trained on
// history see many phrasings of each matter rather than one sentence repeated.

import { APPEAL_TYPE_LABELS, type AppealType, type Channel } from "@cityops/schema/vocabulary";
import type { MatterSpec } from "./matters.js";
import type { Random } from "./random.js";

const ROADS = [
  "长江路", "黄河路", "珠江路", "天山路", "衡山路", "泰山路", "嵩山路", "华山路", "金沙江路", "五指山路",
  "太白山路", "秦淮河路", "漓江路", "湘江路", "赣江路", "淮河路", "汉江路", "松花江路", "黑龙江路", "乌江路",
  "岷江路", "闽江路", "钱塘江路", "开封路", "宁波路", "厦门路", "青岛路", "上海路", "北京中路", "香港路",
  "八角大道", "古现路", "大季家路", "福莱山路", "银湖路", "金沙滩路", "海滨路", "观海路",
];
const COMPOUND_HEADS = ["海韵", "金桥", "福海", "天马", "鲁东", "银河", "翠湖", "锦绣", "阳光", "新城", "海悦", "名都", "东方", "御景", "观澜", "万福", "金地", "长岛", "蓝湾", "紫郡"];
const COMPOUND_TAILS = ["花园", "家园", "小区", "新村", "公寓", "嘉园", "雅居", "苑", "华庭", "湾"];
const VILLAGE_HEADS = ["王", "李", "张", "刘", "孙", "徐", "初", "曲", "姜", "隋", "栾", "邹", "宋", "于", "林", "郭", "唐", "盛", "马", "吕"];
const VILLAGE_TAILS = ["家村", "家庄", "格庄", "家疃", "家夼"];

const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董曲姜隋栾初邹孙王李张刘".split("");
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建华", "海燕", "志强", "春梅", "玉兰", "桂英", "立新", "晓东"];
const PHONE_HEADS = ["134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "178", "182", "183", "186", "187", "188", "130", "131", "132", "155", "156", "166", "176", "133", "153", "177", "180", "181", "189", "199"];
const COMPANY_HEADS = ["鲁东", "海达", "恒信", "华通", "金泰", "瑞丰", "博远", "凯瑞", "德胜", "润海", "宏昌", "东岳"];
const COMPANY_TRADES = ["机械", "食品", "物流", "电子", "科技", "精密", "建材", "包装", "贸易", "新材料", "汽车部件", "生物"];

/** Fixed per grid cell: the road, compound and grid worker a cell's tickets mention. */
export interface CellText {
  streetName: string;
  communityName: string;
  road: string;
  crossRoad: string;
  compound: string;
  rural: boolean;
  gridWorker: string;
}

export function personName(rnd: Random): string {
  return rnd.pick(SURNAMES) + rnd.pick(GIVEN);
}

export function cellText(rnd: Random, streetName: string, communityName: string, rural: boolean): CellText {
  const road = rnd.pick(ROADS);
  let crossRoad = rnd.pick(ROADS);
  if (crossRoad === road) crossRoad = ROADS[(ROADS.indexOf(road) + 7) % ROADS.length] ?? "海滨路";
  const compound = rural ? rnd.pick(VILLAGE_HEADS) + rnd.pick(VILLAGE_TAILS) : rnd.pick(COMPOUND_HEADS) + rnd.pick(COMPOUND_TAILS);
  return { streetName, communityName, road, crossRoad, compound, rural, gridWorker: personName(rnd) };
}

export function addressFor(rnd: Random, c: CellText): string {
  const prefix = `${c.streetName}${c.communityName}`;
  switch (rnd.int(0, 3)) {
    case 0:
      return `${prefix}${c.road}${rnd.int(1, 260)}号`;
    case 1:
      return c.rural ? `${c.streetName}${c.compound}${rnd.int(1, 180)}号` : `${prefix}${c.compound}${rnd.int(1, 32)}号楼${rnd.int(1, 6)}单元`;
    case 2:
      return `${c.streetName}${c.road}与${c.crossRoad}交叉口`;
    default:
      return c.rural ? `${c.streetName}${c.compound}村委附近` : `${prefix}${c.compound}`;
  }
}

export function citizen(rnd: Random, channel: Channel): { name: string | null; phone: string | null } {
  const phone = rnd.pick(PHONE_HEADS) + rnd.digits(8);
  if (channel !== "phone" && channel !== "enterprise_line" && rnd.chance(0.08)) return { name: null, phone: null };
  const surname = rnd.pick(SURNAMES);
  if (channel === "enterprise_line") return { name: `${surname}${rnd.pick(["经理", "总", "主任", "会计"])}`, phone };
  return { name: `${surname}${rnd.chance(0.52) ? "女士" : "先生"}`, phone };
}

export function companyName(rnd: Random): string {
  return `烟台${rnd.pick(COMPANY_HEADS)}${rnd.pick(COMPANY_TRADES)}有限公司`;
}

const OPENINGS: Record<Channel, readonly string[]> = {
  phone: ["市民来电反映：", "来电人反映，", "市民来电称，", "来电人称：", "市民反映：", "来电反映："],
  web: ["网民留言反映：", "市民通过政府网站留言：", "网上留言："],
  wechat: ["市民通过微信公众号反映：", "微信留言：", "市民微信反映："],
  app: ["市民通过爱山东APP反映：", "APP留言：", "市民通过APP留言反映："],
  enterprise_line: ["企业来电反映：", "政企通专线企业反映："],
  grid_report: ["网格员巡查发现：", "网格员上报：", "网格员日常巡查中发现，"],
  department_push: ["部门推送：", "部门转来诉求：", "部门热线转办："],
  sensor: ["物联感知设备报警：", "智能监测平台推送告警："],
};

const CONSULT_OPENINGS: Record<Channel, readonly string[]> = {
  phone: ["市民来电咨询：", "来电人咨询", "市民来电询问", "来电咨询："],
  web: ["网民留言咨询：", "市民通过政府网站咨询"],
  wechat: ["市民通过微信公众号咨询", "微信留言咨询："],
  app: ["市民通过爱山东APP咨询", "APP留言咨询："],
  enterprise_line: ["企业来电咨询：", "政企通专线企业咨询"],
  grid_report: ["网格员代居民咨询："],
  department_push: ["部门转来咨询："],
  sensor: [""],
};

const DETAILS = [
  "已经持续一个多星期了，", "前几天已经反映过一次，一直没人处理，", "家里有老人和孩子，影响很大，", "周围居民意见很大，",
  "这种情况几乎每天都有，", "已经找过物业和社区，没有解决，", "严重影响正常生活，", "不是第一次了，", "天天如此，",
  "从上个月开始就这样，", "附近很多住户都有同样的问题，", "",
];
const COMPLAINT_ASKS = ["要求相关部门尽快处理", "希望尽快派人查看处理", "请有关部门给个说法", "要求尽快解决", "希望相关部门严肃处理", "请求尽快协调解决"];
const HELP_ASKS = ["希望帮忙协调解决", "希望相关部门帮忙处理一下", "请求帮助", "希望能尽快帮忙解决", "不知道该找谁，希望帮忙联系"];
const REPORT_ASKS = ["请执法部门依法查处", "希望尽快核实处理", "请相关部门调查处理", "希望依法处理"];
// Questions about a procedure differ from questions about a problem: "what do I bring" vs "who handles this".
const PROCEDURE_TAILS = ["需要准备哪些材料", "办理流程是怎样的", "多长时间能办好", "具体应该到哪里办理", "有没有相关的补贴政策"];
const PROBLEM_TAILS = ["应该找哪个部门反映", "有什么政策规定", "这种情况归谁管", "应该怎么处理", "可以通过什么途径解决"];
const PROCEDURE = /咨询|办理|申请|条件|政策|预约|报名|登记|补贴|补助|发放/;
const SUGGEST_TAILS = ["希望能统筹考虑", "建议增加巡查频次", "建议出台相应的管理措施", "建议从源头上解决"];
const PRAISE_TAILS = ["工作人员态度很好，特此表扬", "问题很快就解决了，非常感谢", "处理效率很高，表示感谢"];
const GRID_TAILS = ["已拍照取证，请相关部门处置。", "现场已做劝导，需职能部门处理。", "已上报社区，请相关部门尽快处理。", "已登记台账，请派单处置。"];
const SENSOR_TAILS = ["请尽快核查处置。", "已持续超过30分钟，请安排人员现场核实。", "系统自动生成工单，请及时处置。"];

export interface TextFacts {
  channel: Channel;
  appealType: AppealType;
  matter: MatterSpec;
  address: string | null;
  departmentName: string;
  storm: boolean;
  company: string | null;
}

export function ticketTitle(f: TextFacts): string {
  return `关于${f.matter.name}的${APPEAL_TYPE_LABELS[f.appealType].zh}`;
}

export function ticketContent(rnd: Random, f: TextFacts): string {
  const m = f.matter;
  let opening = rnd.pick(OPENINGS[f.channel]);
  if (f.channel === "enterprise_line" && f.company && rnd.chance(0.6)) opening = `${f.company}负责人来电反映：`;
  const where = f.address ? `${f.address}${rnd.pick(["附近", "", "一带", "这里"])}` : rnd.pick(["", "家附近", "我们那里"]);
  const subject = m.subject && rnd.chance(0.8) ? m.subject : "";
  const body = `${where}${where && subject ? "的" : ""}${subject}${m.issuePhrase}`;
  const weather = f.storm ? rnd.pick(["今天下大雨，", "暴雨过后，", "雨下了一上午，"]) : "";

  if (f.channel === "sensor") return `${opening}${f.address ?? ""}${m.sensor ?? m.issueName}，${rnd.pick(SENSOR_TAILS)}`;
  if (f.channel === "grid_report") return `${opening}${weather}${body}，${rnd.pick(GRID_TAILS)}`;
  const detail = rnd.chance(0.75) ? rnd.pick(DETAILS) : "";
  switch (f.appealType) {
    case "consult":
      return `${rnd.pick(CONSULT_OPENINGS[f.channel])}${m.subject}${m.issueName}相关问题，${rnd.pick(PROCEDURE.test(m.issueName + m.subject) ? PROCEDURE_TAILS : PROBLEM_TAILS)}${rnd.chance(0.4) ? `。来电人称${m.issuePhrase}` : ""}。`;
    case "help":
      return `${opening}${weather}${body}，${detail}${rnd.pick(HELP_ASKS)}。`;
    case "report":
      return `${opening}举报${body}，${rnd.pick(REPORT_ASKS)}。`;
    case "suggestion":
      return `${opening}${body}，建议加强对${m.subject}${m.issueName}问题的管理，${rnd.pick(SUGGEST_TAILS)}。`;
    case "praise":
      return `${opening}此前反映的${m.subject}${m.issueName}问题，${f.departmentName}${rnd.pick(PRAISE_TAILS)}。`;
    default:
      return `${opening}${weather}${body}，${detail}${rnd.pick(COMPLAINT_ASKS)}。`;
  }
}

const FIXES = [
  "已安排工作人员现场处理，问题已解决",
  "已责令相关责任方限期整改，并将持续跟踪",
  "已协调有关单位处理完毕",
  "已对相关情况进行调查处理，并向来电人做好解释说明",
  "已纳入近期维修计划，预计一周内完成",
  "已现场查看并督促整改到位",
  "已联系当事人调解，双方达成一致",
  "经现场核查，反映情况属实，已依法处理",
];

export function replyText(rnd: Random, f: TextFacts, second: boolean): string {
  if (f.appealType === "consult") {
    return `经${f.departmentName}核实，已向来电人详细解释${f.matter.subject}${f.matter.issueName}相关政策及办理流程，来电人表示清楚。`;
  }
  if (second) return `${f.departmentName}重新办理：${rnd.pick(FIXES)}，已再次与来电人沟通。`;
  return `经${f.departmentName}核实，${rnd.pick(FIXES)}。已电话告知来电人处理结果。`;
}

export function immediateAnswer(rnd: Random, m: MatterSpec): string {
  const where = rnd.pick(["可登录爱山东APP或烟台政务服务网办理", "可到区政务服务中心相关窗口办理", "可到所在街道便民服务中心咨询办理"]);
  return `已直接答复来电人：${m.subject}${m.issueName}相关事项${where}，需携带本人身份证件等材料。`;
}

export const RETURN_REASONS = [
  "经核实，该事项不属于本单位职责范围，请重新派单",
  "该诉求涉及属地管理，建议派至属地街道",
  "根据权责清单，该事项由其他部门牵头办理",
  "该地址不在本单位管辖范围内",
];

export const CALLBACK_NOTES: Record<string, readonly string[]> = {
  satisfied: ["来电人对处理结果表示满意", "问题已解决，来电人满意"],
  basically_satisfied: ["来电人表示基本满意", "问题基本解决，来电人基本满意"],
  dissatisfied: ["来电人表示问题未解决，不满意", "来电人对处理结果不认可", "来电人称现场情况没有改变"],
};

export const REOPEN_REASONS = ["回访不满意，问题未实际解决，退回重办", "来电人反映问题反弹，要求重新办理", "回头看发现问题未整改到位，重新办理"];
export const SUPERVISION_NOTES = ["工单临近办理时限，请加快办理", "来电人多次反映，请重点督办", "办理超期，请说明原因并尽快办结", "回访不满意，请认真核实整改"];
