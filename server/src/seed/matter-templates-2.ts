// Templates of the responsibility list, part 2: social services, labour and social security, public
// safety, agriculture and civil affairs, plus the street offices' territorial lists (属地事项).
// Format as in matter-templates.ts.

import type { Domain } from "@cityops/schema";
import type { MatterGroup } from "./matter-templates.js";

const S: Domain = "SOCIAL_SERVICES";
const L: Domain = "LABOR_SOCIAL_SECURITY";
const P: Domain = "PUBLIC_SAFETY";
const A: Domain = "AGRICULTURE_RURAL";
const V: Domain = "CIVIL_AFFAIRS_COMMUNITY";

const SCHOOLS = "公办幼儿园|幼儿园;民办幼儿园|幼儿园;公办小学|小学;民办小学|小学;公办初中|初中;民办初中|初中;普通高中|高中;职业学校|职校";
const WORKPLACES = "建筑工地|工地;工厂|厂里;餐饮企业|饭店;物流公司|物流;物业公司|物业;装修公司|装修;家政公司|家政;电商企业|公司;保安公司|保安;保洁公司|保洁";

export const GROUPS_B: MatterGroup[] = [
  // ── 社会事业 ──
  {
    domain: S, lead: "EDU", co: ["MARKET"], weight: 3, limit: [3, 7],
    laws: ["教育法:86", "义务教育法:63", "幼儿园管理条例:32", "山东省义务教育条例:62"],
    places: SCHOOLS,
    issues: "入学报名|入学,报名,上学|孩子入学报名遇到问题;学区划分|学区|学区划分不合理;乱收费|收费|学校乱收费;校车安全|校车|校车超载不安全;课后服务|课后服务,托管|课后服务安排不合理;食堂卫生|食堂|食堂饭菜卫生有问题;教师体罚学生|体罚,老师打|老师体罚学生;课业负担重|作业多|作业太多孩子每天写到很晚;校园欺凌|欺负,霸凌|孩子在学校被同学欺负;放学接送秩序混乱|接送|放学接孩子的时候门口特别乱",
  },
  {
    domain: S, lead: "EDU", co: ["MARKET"], weight: 1, limit: [3, 7],
    laws: ["教育法:86", "教师法:43", "中小学教师违反职业道德行为处理办法:14"],
    places: SCHOOLS,
    subjects: "在职教师|老师",
    issues: "有偿补课|补课|老师在外面有偿补课;违规收礼|收礼|老师违规收受家长礼品;师德问题|师德|老师言行不当",
  },
  {
    domain: S, lead: "EDU", co: ["MARKET", "FIRE"], weight: 1, limit: [3, 10],
    laws: ["民办教育促进法:67", "校外培训行政处罚暂行办法:29"],
    places: "|;城区|市区;镇区|镇上",
    subjects: "校外培训机构|培训班,补课;艺术培训机构|艺术班;体育培训机构|体育班;托育机构|托育,托管",
    issues: "退费难|退费|交了钱想退一直退不了;无证办学|没证|没有办学许可证;卷款跑路|跑路|老板卷钱跑路了;超前超纲培训|超纲|搞超前超纲培训;安全隐患|隐患|场地存在安全隐患",
  },
  {
    domain: S, lead: "EDU", co: ["CIVIL"], weight: 0.8, limit: [3, 7],
    laws: ["义务教育法:63", "学生资助资金管理办法:60"],
    places: "|;农村学校|农村",
    subjects: "学生资助|助学金;营养餐|营养餐;学籍管理|学籍;转学办理|转学;毕业证补办|毕业证;中考报名|中考;高考报名|高考",
    issues: "办理咨询|咨询,怎么办|想咨询一下怎么办理;政策落实不到位|没落实|政策一直没落实",
  },
  {
    domain: S, lead: "HEALTH", co: ["MEDINS", "MARKET"], weight: 2.5, limit: [3, 7],
    laws: ["基本医疗卫生与健康促进法:110", "医疗纠纷预防和处理条例:56", "医疗机构管理条例:53", "医师法:67"],
    places: "区人民医院|医院;乡镇卫生院|卫生院;社区卫生服务中心|社区医院;民营医院|私立医院;村卫生室|卫生室;口腔诊所|牙科;个体诊所|诊所",
    subjects: "门诊|门诊,看病;急诊|急诊;住院|住院",
    issues: "服务态度差|态度|医生护士态度很差;看病难挂号难|挂号|挂号太难;乱收费|收费|收费不合理;医疗纠纷|医疗纠纷,误诊|怀疑误诊耽误了病情;药品短缺|缺药|常用药经常缺;排队时间长|排队|排队要排好几个小时;非法行医|非法行医|没有资质在行医",
  },
  {
    domain: S, lead: "CDC", co: ["HEALTH"], weight: 0.8, limit: [1, 5],
    laws: ["疫苗管理法:100", "传染病防治法:80"],
    places: "社区卫生服务中心|社区医院;乡镇卫生院|卫生院;预防接种门诊|接种门诊",
    subjects: "儿童疫苗|疫苗,打针;流感疫苗|流感疫苗;狂犬疫苗|狂犬疫苗;HPV疫苗|HPV",
    issues: "预约难|预约|怎么也约不上;接种时间安排|时间|接种时间安排不合理;疫苗短缺|没疫苗|一直说没有疫苗",
  },
  {
    domain: S, lead: "EDU", co: ["CULTURE", "ENFORCEMENT"], weight: 1, limit: [3, 7],
    laws: ["全民健身条例:40", "公共文化体育设施条例:34", "体育法:122"],
    places: "公园|公园;广场|广场;体育场馆|体育馆;图书馆|图书馆;文化活动中心|文化中心",
    subjects: "广场舞|广场舞;健身器材|健身器材;公共体育设施|球场;公益文化活动|活动",
    issues: "噪声扰民|吵|音响声音太大，吵得不行;损坏失修|坏了|坏了很久没人修;开放时间不合理|开放|开放时间太短;管理混乱|管理|管理很混乱",
  },
  {
    domain: S, lead: "HEALTH", co: ["CIVIL"], weight: 0.6, limit: [3, 10],
    laws: ["人口与计划生育法:47", "母婴保健法:39"],
    places: "|;农村|农村",
    subjects: "出生医学证明|出生证;生育登记|生育登记;独生子女奖励|独生子女;育儿补贴|育儿补贴;婚前检查|婚检;两癌筛查|筛查",
    issues: "办理咨询|办理,咨询|想咨询一下怎么办理;发放不及时|发放,没到账|钱一直没有到账",
  },
  {
    domain: S, lead: "HEALTH", co: ["MARKET", "CULTURE"], weight: 0.5, limit: [3, 7],
    laws: ["公共场所卫生管理条例:24", "未成年人保护法:130"],
    places: "游泳馆|游泳馆;宾馆|宾馆;美容美发店|理发店;公共浴室|澡堂;网吧|网吧;歌舞厅|KTV",
    issues: "卫生不达标|卫生|卫生状况很差;无卫生许可证|许可证|没有卫生许可证;控烟不力|抽烟,吸烟|室内很多人抽烟没人管;接纳未成年人|未成年人|接纳未成年人",
  },
  // ── 人力社保 ──
  {
    domain: L, lead: "LABORINSPECT", co: ["HRSS", "HOUSING"], weight: 3, limit: [5, 10], theme: "wages",
    laws: ["保障农民工工资支付条例:64", "劳动法:107", "劳动保障监察条例:36"],
    places: WORKPLACES,
    subjects: "农民工|农民工;员工|员工,工人;实习生|实习;劳务派遣人员|派遣",
    issues: "被拖欠工资|工资,欠薪,不发|干了好几个月工资一直拖着不发;工资低于最低标准|最低工资|工资比最低工资标准还低;加班费未支付|加班费|加班费一分没给",
  },
  {
    domain: L, lead: "HRSS", co: ["ARBITRATION", "LABORINSPECT"], weight: 2, limit: [5, 15],
    laws: ["劳动合同法:98", "劳动合同法实施条例:38", "劳动法:107"],
    places: WORKPLACES,
    issues: "未签订劳动合同|合同|上班大半年了也不签劳动合同;违法解除劳动合同|辞退,开除|单位无故把人辞退;未缴纳社会保险|社保,不交|单位一直不给交社保;超时加班|加班|天天加班到很晚;扣押证件押金|押金,扣证|入职时被扣了身份证和押金;经济补偿金纠纷|补偿金,赔偿|离职补偿一直不给",
  },
  {
    domain: L, lead: "SOCIALINS", co: ["HRSS", "TAX"], weight: 2, limit: [3, 10],
    laws: ["社会保险法:98", "工伤保险条例:67", "失业保险条例:33"],
    places: "城乡居民|居民;企业职工|单位;机关事业单位人员|事业单位",
    subjects: "养老保险|养老保险,社保;失业保险|失业金;工伤保险|工伤;生育保险|生育保险",
    issues: "缴费咨询|缴费|想问一下怎么缴费;待遇领取|领取,待遇|待遇一直领不到;转移接续|转移|社保关系转不过来;补缴办理|补缴|想补缴不知道怎么办;认定审核进度慢|认定,进度|申请了很久还没审核下来",
  },
  {
    domain: L, lead: "MEDINS", co: ["HEALTH"], weight: 1.5, limit: [3, 7],
    laws: ["医疗保障基金使用监督管理条例:50", "社会保险法:98"],
    places: "|;退休人员|退休;学生儿童|孩子",
    subjects: "医保报销|报销;异地就医备案|异地就医;门诊慢特病|慢病;医保卡|医保卡;居民医保缴费|医保费",
    issues: "办理咨询|咨询,怎么办|想咨询一下怎么办理;报销比例争议|比例|报销比例太低;结算问题|结算|医院结算时出了问题;办理进度慢|进度|办了很久还没办好",
  },
  {
    domain: L, lead: "HRSS", co: ["VETERANS", "FINANCE"], weight: 1, limit: [3, 10],
    laws: ["就业促进法:69", "职业技能鉴定规定:20"],
    places: "|;高校毕业生|毕业生;退役军人|退伍;失业人员|失业",
    subjects: "就业登记|就业;创业补贴|创业补贴;职业技能培训|培训;人才引进补贴|人才补贴;公益性岗位|公益岗;职称评审|职称;人事档案|档案",
    issues: "政策咨询|政策,咨询|想了解一下相关政策;补贴发放|发放,没到账|补贴一直没到账;申请办理|申请|申请遇到了问题",
  },
  {
    domain: L, lead: "ARBITRATION", co: ["HRSS"], weight: 0.5, limit: [7, 15],
    laws: ["劳动争议调解仲裁法:54"],
    places: WORKPLACES,
    subjects: "劳动仲裁|仲裁",
    issues: "立案咨询|立案|想申请仲裁不知道怎么立案;审理进度|进度|仲裁很久没有结果;裁决执行|执行|裁决了单位还是不给钱",
  },
  {
    domain: L, lead: "UNION", co: ["HRSS"], weight: 0.3, limit: [5, 10],
    laws: ["工会法:57"],
    subjects: "职工维权|维权;困难职工帮扶|帮扶;工会会员服务|工会",
    issues: "咨询|咨询|想咨询一下;申请办理|申请|想申请不知道找谁",
  },
  // ── 公共安全 ──
  {
    domain: P, lead: "POLICE", co: ["ENFORCEMENT"], weight: 2.5, limit: [1, 5],
    laws: ["治安管理处罚法:119", "山东省养犬管理办法:38", "民法典:1260"],
    places: "住宅小区|小区;商业街|街上;娱乐场所|KTV,酒吧;出租屋|出租房;村庄|村里;学校周边|学校;网吧|网吧;农贸市场|市场;公园广场|公园",
    issues: "噪声扰民|吵,夜里|半夜有人大声吵闹;打架斗殴隐患|打架|经常有人聚集打架;赌博|赌博|有人聚众赌博;可疑人员|可疑|有可疑人员来回转悠;电动车被盗|电动车丢了,被盗|电动车被偷了;犬只伤人|狗,咬人|狗把人咬伤了;违规养犬|养狗,遛狗不拴绳|遛狗不拴绳还不清理粪便;高空抛物|高空抛物|楼上往下扔东西;邻里纠纷|邻居,吵架|和邻居发生纠纷",
  },
  {
    domain: P, lead: "POLICE", co: ["JUSTICE"], weight: 1, limit: [1, 5],
    laws: ["反电信网络诈骗法:50", "刑法:452"],
    places: "|;老年人|老人",
    subjects: "电信诈骗|诈骗,骗;刷单诈骗|刷单;投资理财诈骗|理财;冒充客服诈骗|客服;网络贷款诈骗|贷款",
    issues: "受骗求助|被骗,报案|被骗了钱想报案;可疑线索举报|线索|发现可疑线索想举报;防范咨询|防骗|想咨询一下怎么防范",
  },
  {
    domain: P, lead: "FIRE", co: ["EMERGENCY", "HOUSING"], weight: 1.5, limit: [1, 5], urgent: 0.2, sensor: "独立式烟感报警器报警",
    laws: ["消防法:74", "山东省消防条例:77", "机关团体企业事业单位消防安全管理规定:48"],
    places: "住宅小区|小区;高层建筑|高层;商场|商场;九小场所|小店;出租屋|出租房;仓库|仓库;厂房|厂房",
    subjects: "消防通道|消防通道;消防设施|灭火器,消防栓;电动车充电|充电,飞线;疏散通道|安全出口",
    issues: "被占用堵塞|堵,占用|被杂物和车辆堵死了;损坏失效|坏了,没水|消防设施坏了没人管;存在火灾隐患|着火,隐患|存在很大的火灾隐患",
  },
  {
    domain: P, lead: "EMERGENCY", co: ["FIRE", "MARKET"], weight: 1, limit: [1, 5], urgent: 0.3,
    laws: ["安全生产法:119", "危险化学品安全管理条例:102", "山东省安全生产条例:85"],
    places: "工厂|厂里;建筑工地|工地;加油站|加油站;仓储物流|仓库;非煤矿山|矿山;小作坊|作坊",
    subjects: "危险化学品|化学品;安全生产|安全生产;有限空间作业|有限空间;特种作业|特种作业",
    issues: "违规存储|储存|违规存放危险物品;无证作业|无证|工人无证上岗作业;存在安全隐患|隐患|存在严重的安全隐患;安全事故瞒报|瞒报|出了事故隐瞒不报",
  },
  {
    domain: P, lead: "EMERGENCY", co: ["METEO"], weight: 0.5, limit: [1, 3],
    laws: ["突发事件应对法:106", "气象灾害防御条例:47"],
    places: "|;沿海地区|海边",
    subjects: "台风|台风;暴雨|暴雨;寒潮|寒潮;大风|大风;地质灾害|滑坡",
    issues: "预警信息咨询|预警|想了解预警信息;避难场所咨询|避难|附近的避难场所在哪;防范措施|防范|应该怎么防范",
  },
  {
    domain: P, lead: "POLICE", co: ["EMERGENCY", "ENFORCEMENT"], weight: 0.5, limit: [1, 3],
    laws: ["烟花爆竹安全管理条例:46", "危险化学品安全管理条例:102"],
    places: "住宅小区|小区;村庄|村里;商铺|店",
    subjects: "烟花爆竹|鞭炮,烟花;液化气瓶|液化气罐;散装汽油|汽油",
    issues: "非法销售|卖|有人非法销售;违规燃放使用|放鞭炮,用|违规燃放使用;违规储存|存放|大量违规储存",
  },
  {
    domain: P, lead: "JUSTICE", co: ["CIVIL"], weight: 0.5, limit: [3, 10],
    laws: ["法律援助法:71", "人民调解法:35", "社区矫正法:63"],
    places: "|;农民工|农民工;老年人|老人",
    subjects: "法律援助|法律援助;人民调解|调解;公证办理|公证;社区矫正|矫正",
    issues: "申请咨询|申请,咨询|想咨询一下怎么申请;办理进度|进度|办理进度太慢;服务态度|态度|工作人员态度不好",
  },
  // ── 农业农村 ──
  {
    domain: A, lead: "AGRI", co: ["MARKET"], weight: 1.5, limit: [3, 7],
    laws: ["种子法:93", "农药管理条例:66", "肥料登记管理办法:36", "兽药管理条例:75", "饲料和饲料添加剂管理条例:51"],
    places: "农资店|农资店;集市|集市;网店|网上;合作社|合作社;种植大户|种地",
    subjects: "种子|种子;农药|农药;化肥|化肥;兽药|兽药;饲料|饲料;农膜|农膜",
    issues: "假冒伪劣|假的,假货|买到了假货;质量问题|不出苗,质量|用了以后不管用;虚假宣传|宣传|宣传效果夸大;价格虚高|贵|价格高得离谱",
  },
  {
    domain: A, lead: "AGRI", co: ["FINANCE", "OCEAN"], weight: 1.2, limit: [5, 10],
    laws: ["农业法:99", "乡村振兴促进法:74"],
    places: "|;村集体|村里",
    subjects: "耕地地力保护补贴|种粮补贴,补贴;农机购置补贴|农机补贴;农业保险|农业保险;高标准农田建设|农田;乡村振兴项目|乡村振兴;渔业油价补贴|渔业补贴",
    issues: "发放进度慢|没到账,发放|补贴一直没到账;申请条件咨询|申请,条件|想问一下申请条件;资金使用不规范|截留,挪用|怀疑资金被截留挪用",
  },
  {
    domain: A, lead: "ANIMALHEALTH", co: ["AGRI", "MARKET"], weight: 0.8, limit: [1, 5],
    laws: ["动物防疫法:113", "病死畜禽和病害畜禽产品无害化处理管理办法:33", "生猪屠宰管理条例:44"],
    places: "养殖场|养殖场;散养户|家里养;屠宰场|屠宰场",
    subjects: "生猪|猪;家禽|鸡,鸭;牛羊|牛,羊;犬只|狗",
    issues: "疫病防控|疫情,病死|死了好多，怀疑有疫病;病死畜禽乱扔|死猪,乱扔|病死的牲畜被扔到河沟里;免疫接种|打疫苗|想给牲畜打疫苗;检疫|检疫|没有检疫就上市销售",
  },
  {
    domain: A, lead: "AGRI", co: ["PLANNING", "JUSTICE"], weight: 1, limit: [7, 15],
    laws: ["农村土地承包法:69", "农村土地经营权流转管理办法:36", "土地管理法:87"],
    places: "|;村集体|村里",
    subjects: "土地承包经营权|承包地;土地流转|流转;宅基地使用|宅基地;集体土地征收补偿|征地补偿;耕地保护|耕地",
    issues: "纠纷|纠纷|发生了纠纷;合同不规范|合同|签的合同不规范;违法占用|占用,盖房|被违法占用;确权登记|确权|确权登记有问题",
  },
  {
    domain: A, lead: "AGRI", co: ["MARKET"], weight: 0.3, limit: [3, 10],
    laws: ["农业机械化促进法:35", "农业机械安全监督管理条例:60"],
    places: "|;合作社|合作社",
    subjects: "拖拉机|拖拉机;收割机|收割机;植保无人机|无人机",
    issues: "质量问题|质量,坏|刚买没多久就坏了;售后维修|维修|售后维修没人管;牌证办理|上牌|不知道怎么上牌",
  },
  {
    domain: A, lead: "OCEAN", co: ["ECO", "AGRI"], weight: 0.8, limit: [3, 10],
    laws: ["渔业法:50", "渔业捕捞许可管理规定:55", "海域使用管理法:55"],
    places: "|;近海|海边",
    subjects: "渔船|渔船;海水养殖|养殖,海参;伏季休渔|休渔;渔港|渔港",
    issues: "违规捕捞|捕捞|有人违规捕捞;养殖污染|污染|养殖造成污染;补贴发放|补贴|补贴没有发放;安全隐患|安全|存在安全隐患",
  },
  {
    domain: A, lead: "AGRI", co: ["HIGHWAY", "CIVIL"], weight: 1, limit: [5, 15],
    laws: ["村民委员会组织法:41", "乡村振兴促进法:74"],
    places: "|;偏远村庄|村里",
    subjects: "村务公开|村务;村集体资产|集体资产;农村人居环境|村容;农村厕所改造|改厕;农村道路硬化|修路",
    issues: "不公开不透明|不公开|账目从来不公开;管理混乱|管理|管理很混乱;推进缓慢|慢|进展太慢;质量问题|质量|质量很差",
  },
  {
    domain: A, lead: "AGRI", co: ["COMMERCE", "MARKET"], weight: 0.6, limit: [3, 10],
    laws: ["农产品质量安全法:81", "农业法:99"],
    places: "果园|果园;合作社|合作社",
    subjects: "苹果|苹果;大樱桃|樱桃;葡萄|葡萄",
    issues: "销售难|卖不出去,滞销|今年的果子卖不出去;病虫害防治|病虫害|病虫害很严重;收购价格纠纷|收购,压价|收购商压价太狠",
  },
  // ── 民政社区 ──
  {
    domain: V, lead: "CIVIL", co: ["FINANCE", "DISABLED"], weight: 2, limit: [5, 10],
    laws: ["社会救助暂行办法:70", "老年人权益保障法:85", "山东省社会救助办法:81"],
    places: "|;城市|城里;农村|农村",
    subjects: "高龄津贴|高龄补贴;最低生活保障|低保;特困人员供养|特困;临时救助|临时救助;孤儿基本生活费|孤儿;困难残疾人生活补贴|残疾人补贴",
    issues: "申请办理|申请,怎么办|想申请不知道怎么办;发放不及时|没到账,发放|钱一直没有到账;资格认定争议|认定,不符合|说不符合条件不给办;被停发|停发|突然被停发了;资金被冒领|冒领|怀疑补贴被人冒领了",
  },
  {
    domain: V, lead: "CIVIL", co: ["HEALTH", "FIRE"], weight: 1, limit: [3, 7],
    laws: ["老年人权益保障法:85", "养老机构管理办法:49"],
    places: "|;公办|公办;民办|民办",
    subjects: "养老院|养老院;日间照料中心|照料中心;社区老年食堂|老年食堂;居家养老服务|居家养老",
    issues: "服务质量差|服务|服务质量太差;收费不合理|收费|收费不合理;虐待老人|虐待|工作人员虐待老人;安全隐患|隐患|存在安全隐患;床位紧张|床位|一直排不上床位",
  },
  {
    domain: V, lead: "CIVIL", co: ["MARKET"], weight: 0.6, limit: [3, 7],
    laws: ["婚姻登记条例:22", "殡葬管理条例:24"],
    places: "|;农村|农村",
    subjects: "婚姻登记|结婚登记,离婚;殡葬服务|殡葬,火化;经营性公墓|墓地;散埋乱葬|乱埋",
    issues: "办理咨询|咨询|想咨询一下怎么办;收费不合理|收费|收费太高不合理;服务态度差|态度|工作人员态度差;违规经营|违规|存在违规经营",
  },
  {
    domain: V, lead: "DISABLED", co: ["CIVIL", "HOUSING"], weight: 0.6, limit: [3, 10],
    laws: ["残疾人保障法:68", "无障碍环境建设法:72"],
    places: "|;残疾儿童|孩子",
    subjects: "残疾证|残疾证;残疾人就业|就业;康复救助|康复;无障碍设施|无障碍,轮椅",
    issues: "办理咨询|办理|想咨询一下怎么办理;补贴发放|补贴|补贴一直没发;设施缺失|没有|根本没有相关设施",
  },
  {
    domain: V, lead: "VETERANS", co: ["HRSS"], weight: 0.5, limit: [5, 10],
    laws: ["退役军人保障法:85", "军人抚恤优待条例:71"],
    places: "|;农村|农村",
    subjects: "优抚金|优抚金;退役安置|安置;光荣牌|光荣牌;优待证|优待证",
    issues: "申请办理|申请|想申请不知道怎么办;发放不及时|发放|钱没有按时发放;政策咨询|政策|想了解一下政策",
  },
  {
    domain: V, lead: "WOMEN", co: ["POLICE", "CIVIL"], weight: 0.4, limit: [1, 5],
    laws: ["反家庭暴力法:38", "妇女权益保障法:86", "未成年人保护法:130"],
    places: "|;农村|农村",
    subjects: "家庭暴力|家暴;妇女权益|妇女权益;留守儿童|留守儿童;困境儿童|困境儿童",
    issues: "求助|求助,帮忙|希望得到帮助;维权咨询|维权|想咨询怎么维权",
  },
  {
    domain: V, lead: "CIVIL", co: [], weight: 0.6, limit: [3, 7],
    laws: ["城市居民委员会组织法:23", "慈善法:126", "志愿服务条例:44"],
    subjects: "社区服务|社区;居委会|居委会;社区工作人员|社区工作人员;志愿服务|志愿者;社会组织|社会组织;慈善捐赠|捐款",
    issues: "服务态度差|态度|态度很差;办事效率低|效率,拖|办事拖拖拉拉;信息不公开|公开|信息不公开;违规收费|收费|乱收费",
  },
  {
    domain: V, lead: "HOUSINGSEC", co: ["HOUSING", "CIVIL"], weight: 0.6, limit: [5, 15],
    laws: ["公共租赁住房管理办法:48", "山东省城镇住房保障办法:50"],
    places: "|;新就业职工|刚毕业",
    subjects: "公租房|公租房;廉租房|廉租房;人才公寓|人才公寓;住房租赁补贴|住房补贴",
    issues: "申请条件咨询|申请|想问申请条件;分配不公|分配|分配不公平;租金问题|租金|租金太高;维修不及时|维修|房子坏了没人修",
  },
];

/**
 * Territorial matters (属地事项): each street office's own list. Every street gets every item,
 * named "<street>辖区<item>", so the office of the ticket's street is its lead department.
 */
export const TERRITORIAL_ITEMS: readonly { domain: Domain; item: string; co: string[]; weight: number }[] = [
  { domain: "CITY_MANAGEMENT", item: "背街小巷环境卫生整治|小巷,卫生,脏|小巷里到处是垃圾没人打扫", co: ["SANITATION"], weight: 3 },
  { domain: "CITY_MANAGEMENT", item: "楼道堆放杂物清理|楼道,杂物|楼道里堆满了杂物", co: ["FIRE"], weight: 3 },
  { domain: "CITY_MANAGEMENT", item: "私设地锁地桩|地锁,地桩,车位|有人私自在公共车位装地锁", co: ["ENFORCEMENT"], weight: 2 },
  { domain: "CITY_MANAGEMENT", item: "小区毁绿种菜|种菜,毁绿|有人把小区绿地刨了种菜", co: ["GREENING"], weight: 2 },
  { domain: "CITY_MANAGEMENT", item: "僵尸车清理|僵尸车,废弃车|路边有辆废弃车停了好几个月", co: ["TRAFFICPOLICE"], weight: 1.5 },
  { domain: "CITY_MANAGEMENT", item: "小广告乱贴乱画|小广告|墙上楼道贴满了小广告", co: ["ENFORCEMENT"], weight: 1.5 },
  { domain: "CITY_MANAGEMENT", item: "流浪犬只管控|流浪狗|附近有好多流浪狗", co: ["POLICE"], weight: 1 },
  { domain: "CITY_MANAGEMENT", item: "居民区空地杂草清理|杂草,空地|空地上杂草长得比人高", co: ["GREENING"], weight: 1 },
  { domain: "URBAN_RURAL_CONSTRUCTION", item: "无物业小区管理|没有物业,无物业|小区没有物业，什么事都没人管", co: ["HOUSING"], weight: 3 },
  { domain: "URBAN_RURAL_CONSTRUCTION", item: "老旧小区改造|老旧小区改造,改造|老旧小区改造施工有问题", co: ["HOUSING"], weight: 2 },
  { domain: "URBAN_RURAL_CONSTRUCTION", item: "业主委员会成立指导|业委会,业主大会|想成立业委会不知道怎么办", co: ["HOUSING"], weight: 1 },
  { domain: "URBAN_RURAL_CONSTRUCTION", item: "加装电梯协调|加装电梯|加装电梯低层住户不同意", co: ["HOUSING", "MARKET"], weight: 1.5 },
  { domain: "URBAN_RURAL_CONSTRUCTION", item: "小区停车位规划协调|停车位,车位|小区停车位太少", co: ["HOUSING"], weight: 1.5 },
  { domain: "CIVIL_AFFAIRS_COMMUNITY", item: "居民邻里纠纷调解|邻居,纠纷|和邻居闹矛盾需要调解", co: ["JUSTICE"], weight: 3 },
  { domain: "CIVIL_AFFAIRS_COMMUNITY", item: "社区居委会服务|社区,居委会|社区工作人员办事不积极", co: ["CIVIL"], weight: 1.5 },
  { domain: "CIVIL_AFFAIRS_COMMUNITY", item: "居住证明开具|证明,开证明|社区开证明遇到困难", co: ["POLICE"], weight: 1.5 },
  { domain: "CIVIL_AFFAIRS_COMMUNITY", item: "独居老人关爱帮扶|独居老人,老人|家里老人独居需要帮助", co: ["CIVIL"], weight: 1 },
  { domain: "CIVIL_AFFAIRS_COMMUNITY", item: "群租房管理|群租,出租房|隔壁房子被隔成好多间出租", co: ["POLICE", "FIRE"], weight: 1 },
  { domain: "CIVIL_AFFAIRS_COMMUNITY", item: "社区养老服务站运营|养老服务站|社区养老服务站经常关门", co: ["CIVIL"], weight: 0.8 },
  { domain: "AGRICULTURE_RURAL", item: "农村人居环境整治|村容,环境,垃圾|村里环境脏乱差", co: ["AGRI"], weight: 2 },
  { domain: "AGRICULTURE_RURAL", item: "村集体事务公开|村务,公开|村里的账目一直不公开", co: ["AGRI"], weight: 1.5 },
  { domain: "AGRICULTURE_RURAL", item: "村内道路维修|村路,修路|村里的路坏得没法走", co: ["HIGHWAY"], weight: 1 },
  { domain: "AGRICULTURE_RURAL", item: "村内排水沟渠疏通|沟渠,排水|村里排水沟堵了", co: ["WATER"], weight: 1 },
  { domain: "PUBLIC_SAFETY", item: "飞线充电安全隐患排查|飞线,充电|有人从楼上扯电线给电动车充电", co: ["FIRE"], weight: 2 },
  { domain: "PUBLIC_SAFETY", item: "自建房安全排查|自建房,危房|村里自建房有安全隐患", co: ["HOUSING", "EMERGENCY"], weight: 1 },
];
