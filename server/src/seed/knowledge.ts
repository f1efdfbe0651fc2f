// The demo knowledge base (知识库) for immediate answers: the answer to the common consultation about a
// kind of matter, as an operator would read it to the caller. Each entry matches the generated matters
// by issue name and, when given, a word of the subject; every matching matter gets the answer under
// its key. Answers describe typical procedures of the area and are demo text, not official guidance.

import type { MatterSpec } from "./matters.js";

interface Entry {
  issue: string;
  subject?: string;
  question: string;
  answer: string;
  basis: string;
}

const ENTRIES: readonly Entry[] = [
  {
    issue: "缴费咨询", subject: "养老保险", question: "养老保险怎么缴费？",
    answer: "城乡居民养老保险按年缴费，缴费档次可自主选择，可通过爱山东APP、“山东税务社保缴费”微信小程序或到社区（村）便民服务站缴纳；企业职工养老保险由单位按月代扣代缴，灵活就业人员可到区社会保险服务中心登记后按月或按季缴费。",
    basis: "《社会保险法》；山东省城乡居民基本养老保险实施办法",
  },
  {
    issue: "缴费咨询", subject: "失业保险", question: "失业保险怎么缴费？",
    answer: "失业保险由用人单位和职工共同缴纳，单位按月申报并代扣职工个人部分，个人无需单独办理；可通过爱山东APP查询本人缴费记录，记录有误请联系单位人事部门或区社会保险服务中心核实。",
    basis: "《失业保险条例》",
  },
  {
    issue: "补缴办理", subject: "养老保险", question: "养老保险断缴了怎么补缴？",
    answer: "企业职工因单位原因漏缴的，由单位持劳动合同、工资发放记录到区社会保险服务中心申请补缴；城乡居民养老保险临近60周岁缴费年限不足15年的，可携带身份证到户籍所在地街道便民服务中心申请补缴。",
    basis: "《社会保险法》第六十三条",
  },
  {
    issue: "办理咨询", subject: "异地就医备案", question: "异地就医备案怎么办理？",
    answer: "异地就医备案可通过国家医保服务平台APP、爱山东APP或“烟台医保”公众号在线办理，也可到区医保服务大厅办理；备案后在就医地联网定点医疗机构可直接结算，长期异地居住人员备案有效期内无需重复备案。",
    basis: "国家医保局、财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知",
  },
  {
    issue: "办理咨询", subject: "居民医保缴费", question: "城乡居民医保怎么缴费？",
    answer: "城乡居民医保每年集中征缴期一般为9月至12月，缴纳次年的医保费，可通过爱山东APP、“山东税务社保缴费”微信小程序、银行网点或社区（村）代收点缴纳；新生儿、新迁入人员可在参保登记后随时缴费。",
    basis: "山东省城乡居民基本医疗保险实施办法",
  },
  {
    issue: "营业执照办理", question: "营业执照怎么办理？",
    answer: "营业执照可登录山东省市场主体登记全程电子化平台网上申办，也可到区政务服务中心市场主体登记窗口办理；个体工商户需提供经营者身份证件和经营场所证明，公司还需提供公司章程、股东主体资格证明；材料齐全、符合法定形式的当场或1个工作日内办结，不收费。",
    basis: "《市场主体登记管理条例》",
  },
  {
    issue: "变更登记", question: "变更登记需要什么材料？",
    answer: "办理变更登记需提交变更登记申请书、变更事项相关的决议或决定、营业执照正副本，变更住所的还需新住所使用证明；可在山东省市场主体登记全程电子化平台网上办理或到区政务服务中心窗口办理，变更事项发生之日起30日内申请。",
    basis: "《市场主体登记管理条例》第二十四条",
  },
  {
    issue: "食品经营许可办理", question: "食品经营许可证怎么办理？",
    answer: "食品经营许可可通过爱山东APP或山东省市场监管局网上服务平台申请，需提交申请书、营业执照、与经营品种相适应的场所布局图和设备清单、食品安全管理制度；仅销售预包装食品的改为备案即可；符合条件的10个工作日内作出决定。",
    basis: "《食品经营许可和备案管理办法》",
  },
  {
    issue: "申报咨询", subject: "个人所得税", question: "个人所得税怎么申报？",
    answer: "综合所得年度汇算在次年3月1日至6月30日进行，可通过“个人所得税”APP自行办理，也可委托单位代办；工资薪金由单位每月预扣预缴。如需帮助可拨打12366纳税服务热线或到区税务局办税服务厅咨询。",
    basis: "《个人所得税法》及其实施条例",
  },
  {
    issue: "立案咨询", question: "申请劳动仲裁怎么立案？",
    answer: "申请劳动仲裁应在知道或应当知道权利被侵害之日起一年内，向用人单位所在地的区劳动人事争议仲裁院提交仲裁申请书、本人身份证复印件和劳动关系证明（劳动合同、工资条、考勤记录等），仲裁不收费；仲裁院收到申请后5日内决定是否受理。",
    basis: "《劳动争议调解仲裁法》第二十七条、第二十九条",
  },
  {
    issue: "防范咨询", question: "怎么防范电信网络诈骗？",
    answer: "公安机关提示：凡是要求转账到“安全账户”、索要短信验证码、刷单返利、冒充客服退款的都是诈骗。请下载国家反诈中心APP，接到可疑电话可拨打96110咨询；已经被骗请立即拨打110报警并保存转账记录。",
    basis: "《反电信网络诈骗法》",
  },
  {
    issue: "避难场所咨询", question: "附近的应急避难场所在哪里？",
    answer: "本区应急避难场所设在各街道的公园、广场和中小学操场，入口处设有绿色“应急避难场所”标识；可在“烟台应急”公众号或高德、百度地图搜索“应急避难场所”查找最近的一处，遇到灾害时请听从社区工作人员引导。",
    basis: "《突发事件应对法》；烟台市应急避难场所专项规划",
  },
  {
    issue: "环评审批咨询", question: "环评审批怎么办理？",
    answer: "建设项目应在开工前依法办理环评：对照《建设项目环境影响评价分类管理名录》确定编制报告书、报告表或填报登记表；登记表在全国建设项目环评统一申报平台在线备案即可，报告书（表）报市生态环境局审批，可先到区政务服务中心生态环境窗口咨询。",
    basis: "《环境影响评价法》",
  },
  {
    issue: "业主委员会成立指导", question: "想成立业委会怎么办？",
    answer: "成立业主委员会需由占业主总人数5%以上的业主向小区所在街道办事处提出书面申请，街道会同社区组建首次业主大会筹备组，筹备组确定候选人、制定议事规则草案，经业主大会表决通过后选举产生业委会，并在30日内到街道备案。",
    basis: "《物业管理条例》；《业主大会和业主委员会指导规则》",
  },
];

/** knowledge_answers rows for the demo matters, keyed by matter key. */
export function knowledgeRows(matters: readonly MatterSpec[]): { matter_key: string; question: string; answer: string; basis: string }[] {
  const out: { matter_key: string; question: string; answer: string; basis: string }[] = [];
  for (const m of matters) {
    const e = ENTRIES.find((x) => x.issue === m.issueName && (!x.subject || m.subject.includes(x.subject)));
    if (e) out.push({ matter_key: m.key, question: e.question, answer: e.answer, basis: e.basis });
  }
  return out;
}
