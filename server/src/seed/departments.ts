// The demo district's responsible units (责任单位): district bureaus and centres, the eight street
// offices, people's organisations, and the utilities that take 12345 tickets on water, gas, heating,
// power, telecom and buses. Names follow the usual Shandong district pattern; utilities carry a
// generic "新区" name so no real company is tied to made-up complaints.

import type { DepartmentKind, Domain } from "@cityops/schema";

export interface DepartmentSpec {
  /** Symbolic key used by the matter templates, so they do not depend on code numbers. */
  key: string;
  code: string;
  name: string;
  nameEn: string;
  kind: DepartmentKind;
  domains: Domain[];
  /** Street offices only: the code of the street region they govern. */
  streetCode?: string;
}

type Row = readonly [key: string, name: string, nameEn: string, kind: DepartmentKind, domains: readonly Domain[]];

const URC: Domain = "URBAN_RURAL_CONSTRUCTION";
const CM: Domain = "CITY_MANAGEMENT";
const ECO: Domain = "ECOLOGY_ENVIRONMENT";
const MKT: Domain = "MARKET_REGULATION";
const TR: Domain = "TRANSPORT";
const SOC: Domain = "SOCIAL_SERVICES";
const LAB: Domain = "LABOR_SOCIAL_SECURITY";
const PUB: Domain = "PUBLIC_SAFETY";
const AGR: Domain = "AGRICULTURE_RURAL";
const CIV: Domain = "CIVIL_AFFAIRS_COMMUNITY";

const BUREAUS: readonly Row[] = [
  ["HOUSING", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau", "bureau", [URC]],
  ["PLANNING", "自然资源和规划局", "Natural Resources and Planning Bureau", "bureau", [URC, AGR]],
  ["ENFORCEMENT", "综合行政执法局", "Comprehensive Administrative Law Enforcement Bureau", "bureau", [CM, URC]],
  ["CITYMGMT", "城市管理局", "City Management Bureau", "bureau", [CM]],
  ["ECO", "生态环境分局", "Ecology and Environment Sub-bureau", "bureau", [ECO]],
  ["MARKET", "市场监督管理局", "Market Supervision Administration", "bureau", [MKT]],
  ["TRANSPORT", "交通运输局", "Transport Bureau", "bureau", [TR]],
  ["EDU", "教育和体育局", "Education and Sports Bureau", "bureau", [SOC]],
  ["HEALTH", "卫生健康局", "Health Bureau", "bureau", [SOC]],
  ["HRSS", "人力资源和社会保障局", "Human Resources and Social Security Bureau", "bureau", [LAB]],
  ["POLICE", "公安分局", "Public Security Sub-bureau", "bureau", [PUB]],
  ["EMERGENCY", "应急管理局", "Emergency Management Bureau", "bureau", [PUB]],
  ["AGRI", "农业农村局", "Agriculture and Rural Affairs Bureau", "bureau", [AGR]],
  ["CIVIL", "民政局", "Civil Affairs Bureau", "bureau", [CIV]],
  ["CULTURE", "文化和旅游局", "Culture and Tourism Bureau", "bureau", [SOC, MKT]],
  ["MEDINS", "医疗保障局", "Healthcare Security Bureau", "bureau", [LAB, SOC]],
  ["WATER", "水务局", "Water Affairs Bureau", "bureau", [URC, AGR]],
  ["OCEAN", "海洋发展和渔业局", "Marine Development and Fisheries Bureau", "bureau", [AGR]],
  ["VETERANS", "退役军人事务局", "Veterans Affairs Bureau", "bureau", [CIV]],
  ["JUSTICE", "司法局", "Justice Bureau", "bureau", [PUB, CIV]],
  ["APPROVAL", "行政审批服务局", "Administrative Approval Service Bureau", "bureau", [MKT, URC]],
  ["TAX", "税务局", "Taxation Bureau", "bureau", [MKT]],
  ["DEVREFORM", "发展和改革局", "Development and Reform Bureau", "bureau", [MKT]],
  ["FINANCE", "财政局", "Finance Bureau", "bureau", [LAB, CIV]],
  ["COMMERCE", "商务局", "Commerce Bureau", "bureau", [MKT]],
  ["INDUSTRY", "工业和信息化局", "Industry and Information Technology Bureau", "bureau", [MKT]],
  ["TRAFFICPOLICE", "公安分局交通警察大队", "Traffic Police Brigade", "bureau", [TR, PUB]],
  ["FIRE", "消防救援大队", "Fire and Rescue Brigade", "bureau", [PUB]],
  ["REALESTATE", "不动产登记中心", "Real Estate Registration Center", "bureau", [URC]],
  ["HOUSINGFUND", "住房公积金管理中心", "Housing Provident Fund Management Center", "bureau", [URC, LAB]],
  ["EXPROPRIATION", "房屋征收服务中心", "Housing Expropriation Service Center", "bureau", [URC]],
  ["MUNICIPAL", "市政公用事业服务中心", "Municipal Public Utilities Service Center", "bureau", [URC, CM]],
  ["GREENING", "园林绿化服务中心", "Landscaping and Greening Service Center", "bureau", [CM]],
  ["SANITATION", "环境卫生服务中心", "Environmental Sanitation Service Center", "bureau", [CM]],
  ["CDC", "疾病预防控制中心", "Center for Disease Control and Prevention", "bureau", [SOC]],
  ["LABORINSPECT", "劳动保障监察大队", "Labour Security Inspection Brigade", "bureau", [LAB]],
  ["ARBITRATION", "劳动人事争议仲裁院", "Labour and Personnel Dispute Arbitration Court", "bureau", [LAB]],
  ["SOCIALINS", "社会保险事业服务中心", "Social Insurance Service Center", "bureau", [LAB]],
  ["ANIMALHEALTH", "动物疫病预防控制中心", "Animal Disease Prevention and Control Center", "bureau", [AGR]],
  ["HOUSINGSEC", "住房保障服务中心", "Housing Security Service Center", "bureau", [URC, CIV]],
  ["HIGHWAY", "公路事业发展中心", "Highway Development Center", "bureau", [TR]],
  ["METEO", "气象局", "Meteorological Bureau", "bureau", [PUB]],
  ["DISABLED", "残疾人联合会", "Disabled Persons' Federation", "other", [CIV]],
  ["WOMEN", "妇女联合会", "Women's Federation", "other", [CIV]],
  ["UNION", "总工会", "Federation of Trade Unions", "other", [LAB]],
];

/** Street offices, in the order of the demo streets ST01..ST08 (see schema/src/demo/geography.ts). */
const STREET_OFFICES: readonly [key: string, name: string, nameEn: string][] = [
  ["ST01", "潮水镇人民政府", "Chaoshui Town Government"],
  ["ST02", "大季家街道办事处", "Dajijia Subdistrict Office"],
  ["ST03", "八角街道办事处", "Bajiao Subdistrict Office"],
  ["ST04", "金沙滩街道办事处", "Jinshatan Subdistrict Office"],
  ["ST05", "刘家沟镇人民政府", "Liujiagou Town Government"],
  ["ST06", "古现街道办事处", "Guxian Subdistrict Office"],
  ["ST07", "银湖街道办事处", "Yinhu Subdistrict Office"],
  ["ST08", "福莱山街道办事处", "Fulaishan Subdistrict Office"],
];

const UTILITIES: readonly Row[] = [
  ["WATERCO", "新区自来水有限公司", "District Water Supply Co., Ltd.", "utility", [URC]],
  ["DRAINAGE", "新区排水有限公司", "District Drainage Co., Ltd.", "utility", [URC]],
  ["GASCO", "新区燃气有限公司", "District Gas Co., Ltd.", "utility", [URC, PUB]],
  ["HEATCO", "新区热力有限公司", "District Heating Co., Ltd.", "utility", [URC]],
  ["POWERCO", "新区供电公司", "District Power Supply Company", "utility", [URC]],
  ["MOBILE", "中国移动新区分公司", "China Mobile District Branch", "utility", [MKT]],
  ["UNICOM", "中国联通新区分公司", "China Unicom District Branch", "utility", [MKT]],
  ["TELECOM", "中国电信新区分公司", "China Telecom District Branch", "utility", [MKT]],
  ["BUSCO", "新区公交有限公司", "District Public Transport Co., Ltd.", "utility", [TR]],
];

/** Street offices answer for everything local; their domains are the ones they mostly receive. */
const STREET_OFFICE_DOMAINS: readonly Domain[] = [CM, CIV, URC, AGR];

/** All departments with codes D001.., bureaus first, then street offices, then utilities. */
export function demoDepartments(): DepartmentSpec[] {
  const out: DepartmentSpec[] = [];
  const code = () => `D${String(out.length + 1).padStart(3, "0")}`;
  for (const [key, name, nameEn, kind, domains] of BUREAUS) out.push({ key, code: code(), name, nameEn, kind, domains: [...domains] });
  for (const [streetCode, name, nameEn] of STREET_OFFICES) {
    out.push({ key: `STREET_${streetCode}`, code: code(), name, nameEn, kind: "street_office", domains: [...STREET_OFFICE_DOMAINS], streetCode });
  }
  for (const [key, name, nameEn, kind, domains] of UTILITIES) out.push({ key, code: code(), name, nameEn, kind, domains: [...domains] });
  return out;
}

/** The key of the street office governing a street, e.g. "STREET_ST03". */
export function streetOfficeKey(streetCode: string): string {
  return `STREET_${streetCode}`;
}
