/**
 * Finds personal data written into free text (诉求内容, 答复, 备注): what citizens and operators
 * type, not what the ticket's own fields hold. Pattern-based on purpose: the kinds below have
 * fixed shapes (numbers, plates, addresses' building/room parts) or fixed frames (我叫…, …女士),
 * and a missed frame is measured by the corpus test (test/unit/pii.test.ts), not guessed at.
 */

export type PiiKind = "phone" | "id" | "bank" | "plate" | "email" | "room" | "name" | "surname";

export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

/** Chinese surnames (the ~400 that cover nearly everyone), the two-character ones first. */
const COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "长孙", "宇文"];
const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝彤洪荆贝鄢裘邰闻冀郁钮芮强聂柴亓禹晁逯茹蔺丘邸揭粟暴缑昝郜伏练展竺阙仝郇萧井阎蔚诸宦鞠奚郦储靖汲邴糜富巴弓牧隗宓蓬郗仰伊钭厉戎祖束幸韶蓟薄宿怀鄂索籍赖屠胥苍莘贡劳逄扶堵宰雍璩濮寿扈燕郏浦慕习鱼容慎戈庾暨衡满弘匡禄殳沃夔隆厍勾融訾阚乜巢蒯权盖桓";
const SURNAME = `(?:${COMPOUND_SURNAMES.join("|")}|[${SURNAMES}])`;
const HAN = "[\\u4e00-\\u9fff]";

/** What may follow a name: punctuation, the end, or the words a speaker goes on with. */
const AFTER_NAME =
  "(?=$|[\\s，。,.！!？?；;：:、（(）)“”\"'0-9啊呀哈呢吧嘛哦]|反映|来电|称|说|表示|投诉|咨询|举报|求助|家|住|在|的|是|电话|手机|联系|身份证|要求|希望|诉求|本人|现|于|今|昨|前|从|和|与|及|等|女士|先生|同志|不|没|未|已|曾|才|把|被|让|给|向|对|跟|也|都|就|还|又|走|拖|欠|拒|态度|因|由|出|私|擅|强行|故意|无故|多次|经常|总是|一直|至今|答应|承诺|同意|去年|今年|上门|都有|开|卖|收|拿|打|骂|推|占|堆|带|来|去|到|回|办|做|用|要|想|请|帮|替|代|告诉|通知|找|问|看|签|交|缴|申请|那|这|以|为|发现|很|非常|特别|十分|及时|耐心|热情|主动|认真|负责|科员|干部)";

/** What introduces a person's full name: self-introductions, form labels, an operator's words, kin. */
const NAME_FRAMES = [
  "[我俺她他]叫",
  "[我俺]是",
  "本人叫",
  "本人是",
  "本人",
  "名叫",
  "叫做",
  "(?:姓名|联系人|来电人|诉求人|投诉人|反映人|当事人|申请人|报修人|收件人|户名|户主|车主|患者|学生)[:：]?",
  "市民",
  "业主",
  "居民",
  "村民",
  "家属",
  "(?:其|我|俺|她|他)?(?:父亲|母亲|老公|老婆|丈夫|妻子|爱人|儿子|女儿|爷爷|奶奶|外公|外婆|孙子|孙女|哥哥|姐姐|弟弟|妹妹)(?:叫|是)?",
  "其(?:父|母|夫|妻|子|女)",
  "[，,]叫",
  "(?:收款人|收款名字是|名字是|名字叫|户名是)",
].join("|");

/**
 * Someone named by the part they play or their kin (房东郑国华, 舅舅任长林, 村主任钟德海): the
 * words of kinship and of the roles people have in citizens' requests. Such a frame is often
 * followed by an ordinary word (司机师傅, 物业管家), so what follows it is taken for a name only
 * when the word segmenter does not read its first characters as one word (see isNameStart).
 */
const ROLE_FRAMES = [
  "爷爷|奶奶|外公|外婆|姥姥|姥爷|爸爸|妈妈|父亲|母亲|老爸|老妈|公公|婆婆|岳父|岳母|丈夫|妻子|老公|老婆|爱人|前夫|前妻|老伴",
  "儿子|女儿|儿媳|女婿|孙子|孙女|外孙|外孙女|哥哥|姐姐|弟弟|妹妹|叔叔|伯伯|伯父|伯母|婶婶|舅舅|舅妈|姑姑|姑父|姨妈|姨父",
  "表哥|表姐|表弟|表妹|堂哥|堂姐|堂弟|堂妹|侄子|侄女|外甥|外甥女|亲戚|孩子爸爸|孩子妈妈|孩子他爸|孩子他妈|孩子|媳妇",
  "[我俺他她其](?:爸|妈|父|母|夫|妻|子|女)",
  "房东|租客|租户|中介|邻居|隔壁|对门|同事|同学|朋友|室友|老板娘|老板|店主|店员|商户|摊主|员工|工人|包工头|工头",
  "经理|主管|负责人|法人|法定代表人|会计|出纳|业务员|销售|客服|快递员|外卖员|骑手|司机|保安|保洁|保姆|护工",
  "医生|护士|大夫|药师|教练|老师|班主任|校长|园长|主任|村主任|村支书|支书|书记|村长|组长|网格员|社工",
  "民警|辅警|警官|城管|执法人员|工作人员|律师|管家|监理|承包人|债务人|被投诉人|对方|亲属|家人|联系人",
  // Staff named by a title ending in an agent suffix: 驾驶员, 执法队员, 科员, 乘务员, 辅导员.
  "[\\u4e00-\\u9fff]{0,3}(?:员|干部|干事|专员|队长)",
].join("|");

const HONORIFIC =
  "(?:女士|先生|小姐|阿姨|大爷|大妈|大姐|大哥|师傅|奶奶|爷爷|老师|同志|老人|经理|科长|主任|书记|园长|校长|老板娘|老板|局长|处长|所长|队长|站长|院长|医生|大夫|护士|律师|会计|警官|组长|班长|厂长|村长|镇长|社长|部长|总监|主管|工程师)";

const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

interface Rule {
  kind: PiiKind;
  re: RegExp;
  /** The group holding the datum when the match also holds its frame (我叫…). */
  group?: number;
  /** A further test of a match in its context. */
  accept?: (text: string, start: number, value: string) => boolean;
}

/** The Luhn check every UnionPay card number passes. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, alt = false; i >= 0; i--, alt = !alt) {
    let n = digits.charCodeAt(i) - 48;
    if (alt && (n *= 2) > 9) n -= 9;
    sum += n;
  }
  return sum % 10 === 0;
}

/**
 * A long number is a bank card when it passes Luhn or is written next to the words for one, and
 * not when it is named as an order or ticket number.
 */
function isBankCard(text: string, start: number, value: string): boolean {
  const before = text.slice(Math.max(0, start - 8), start);
  if (/订单|单号|编号|流水|会员|快递|运单|工单|批次/.test(before)) return false;
  const after = text.slice(start + value.length, start + value.length + 6);
  return luhn(value.replace(/\D/g, "")) || /卡|账户|账号|银行|户名|收款|到$|退回|转入/.test(before) || /卡|账户/.test(after);
}

const RULES: Rule[] = [
  { kind: "email", re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  // 18 digits with a plausible birth date (the shape of 身份证号), then the 15-digit older form.
  { kind: "id", re: /(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g },
  { kind: "id", re: /(?<![0-9A-Za-z])\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])/g },
  // Bank cards: 16–19 digits, as written or in groups of four.
  { kind: "bank", re: /(?<![0-9])(?:\d{4}[ -]){3}\d{4}(?:[ -]?\d{1,3})?(?![0-9])|(?<![0-9])\d{16,19}(?![0-9])/g, accept: isBankCard },
  // Mobile numbers (optionally +86, grouped 3-4-4), landlines with an area code, and bare 7–8 digit
  // numbers right after the word for a phone.
  { kind: "phone", re: /(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])/g },
  { kind: "phone", re: /(?<![0-9])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[ -]?\d{3,4}[ -]?\d{4}(?:(?:-|转|分机)\d{1,5})?(?![0-9])/g },
  { kind: "phone", re: /(?:电话|座机|手机|联系方式|(?:电话|手机|联系)号码)(?:是|为|号码)?[:：]?\s*(\d{3,4}[ -]?\d{4})(?![0-9])/g, group: 1 },
  // A mobile number read out in words (一三九…), as elderly callers and transcripts give them.
  { kind: "phone", re: /一[三四五六七八九][零〇一二三四五六七八九]{9}(?![零〇一二三四五六七八九])/g },
  // Licence plates: province, letter, optional separator, 5 (fuel) or 6 (new energy) characters.
  { kind: "plate", re: new RegExp(`[${PROVINCES}][A-HJ-NP-Z][·•・ .]?[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])`, "g") },
  // A bare room number where only a home can be meant (楼上1601, 家住302).
  { kind: "room", re: /(?<=楼上|楼下|隔壁|对门|住在|家住|家是|住户)\d{3,4}(?:室|号)?(?![0-9])/g },
  // A home's building / unit / room (5号楼302室, 3栋2单元501, B座1205室, 2单元501, 1102室).
  {
    kind: "room",
    re: /(?:(?<![0-9A-Za-z])(?:[A-Za-z]|\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|号院|栋楼|栋|幢|座|#楼|#|号)[-—]?(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})(?:单元|门|号门)[-—]?)?\d{3,4}(?:室|号房|号|房|户)?|(?<![0-9A-Za-z])\d{1,3}(?:号楼|栋|幢)\d{1,2}号(?![0-9楼院])|(?<![0-9])\d{1,2}单元[-—]?\d{3,4}(?:室|号|户)?|(?<![0-9A-Za-z])\d{1,3}-\d{1,2}-\d{3,4}(?![0-9])|(?<![0-9])\d{3,4}(?:室|房间))/g,
  },
  // A home's building alone, when the sentence says someone lives there (住在桃源小区7号楼).
  {
    kind: "room",
    re: /(?<=(?:住在|家住|住|家在|家是|租的是)[\u4e00-\u9fff]{0,8})(?<![0-9A-Za-z])(?:[A-Za-z]|\d{1,3}|[一二三四五六七八九十]{1,3})(?:号楼|栋|幢|座)(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})单元)?(?![0-9]|门口|楼下|楼前|电梯|大堂|旁|附近|前面|后面|外)/g,
  },
  // Self-introductions and an operator's "来电人王芳称".
  {
    kind: "name",
    re: new RegExp(`(?:${NAME_FRAMES})\\s*(${SURNAME}${HAN}{1,2}?)${AFTER_NAME}`, "g"),
    group: 1,
  },
  {
    kind: "name",
    re: new RegExp(`(?:${ROLE_FRAMES})(?:叫|是|名叫)?\\s*(${SURNAME}${HAN}{1,2}?)${AFTER_NAME}`, "g"),
    group: 1,
    accept: isNameStart,
  },
  // 我姓詹, 她姓伍，…: a surname said alone.
  { kind: "surname", re: new RegExp(`(?<=姓)(${SURNAME})(?=$|[，。,.、；;\\s（(：:]|的|啊|呀)`, "g"), group: 1 },
  // 张女士, 王师傅, 李阿姨: the surname is the person here, when it is a word of its own
  // (保安师傅 is not 安师傅: see startsWord).
  { kind: "surname", re: new RegExp(`(${SURNAME})(?=${HONORIFIC})`, "g"), group: 1 },
];

/** Words that a 我是/业主 frame meets often and that are not names (我是本地居民, 业主委员会). */
const NOT_NAMES = new Set(["本地", "外地", "附近", "周边", "这里", "那里", "小区", "物业", "业主", "居民", "租户", "房东", "商户", "个体", "王府井", "张家口", "高新", "黄河", "长江", "东方", "方便", "万达", "金融", "文化"]);

/** 李女士 is a surname and a title, not a three-character name: the surname rule takes it. */
const HONORIFIC_INSIDE = new RegExp(`^${SURNAME}${HONORIFIC}`);

const WORDS = new Intl.Segmenter("zh", { granularity: "word" });

/** Whether the character at `at` begins a word: 司机|王|师傅 does, 保安|师傅 does not (安 ends 保安). */
function startsWord(text: string, at: number): boolean {
  if (at === 0 || !/[\u4e00-\u9fff]/.test(text[at - 1]!)) return true;
  const from = Math.max(0, at - 6);
  for (const w of WORDS.segment(text.slice(from, at + 4))) {
    if (w.index + from === at) return true;
    if (w.index + from > at) return false;
  }
  return false;
}

/** Whether a name candidate starts with its surname as a word of its own (not 师傅, 管家, 高兴). */
function isNameStart(text: string, start: number, value: string): boolean {
  const first = WORDS.segment(text.slice(start, start + value.length + 2))[Symbol.iterator]().next().value;
  const surname = COMPOUND_SURNAMES.find((c) => value.startsWith(c)) ?? value[0]!;
  return first?.segment === surname;
}

function overlaps(spans: PiiSpan[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start);
}

/**
 * Every span of personal data in `text`, left to right, none overlapping; `citizenName` is the
 * ticket's own caller, masked wherever it is written.
 */
export function findPersonalData(text: string, citizenName?: string | null): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const name = citizenName?.trim();
  if (name && Array.from(name).length >= 2) {
    for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) spans.push({ kind: "name", start: i, end: i + name.length });
  }
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const value = rule.group ? m[rule.group] : m[0];
      if (!value) continue;
      const start = rule.group ? m.index + m[0].lastIndexOf(value) : m.index;
      const end = start + value.length;
      if (rule.kind === "surname" && !startsWord(text, start)) continue;
      if (rule.accept && !rule.accept(text, start, value)) continue;
      if (rule.kind === "name" && ([...NOT_NAMES].some((w) => value.startsWith(w)) || HONORIFIC_INSIDE.test(value))) continue;
      if (!overlaps(spans, start, end)) spans.push({ kind: rule.kind, start, end });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}
