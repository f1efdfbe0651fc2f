import type { Rule } from "./pii.js";

/**
 * Names in free text, found three ways: a frame that introduces one (我叫…, 来电人…称, kin and role
 * nouns), a surname with a title (张女士, 王科长), and — without any frame — a surname followed by
 * given-name characters that the word segmenter does not read as an ordinary word (薛明珠，帮他).
 */

/** Chinese surnames (the ~400 that cover nearly everyone), the two-character ones first. */
export const COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "长孙", "宇文"];
const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝彤洪荆贝鄢裘邰闻冀郁钮芮强聂柴亓禹晁逯茹蔺丘邸揭粟暴缑昝郜伏练展竺阙仝郇萧井阎蔚诸宦鞠奚郦储靖汲邴糜富巴弓牧隗宓蓬郗仰伊钭厉戎祖束幸韶蓟薄宿怀鄂索籍赖屠胥苍莘贡劳逄扶堵宰雍璩濮寿扈燕郏浦慕习鱼容慎戈庾暨衡满弘匡禄殳沃夔隆厍勾融訾阚乜巢蒯权盖桓";
export const SURNAME = `(?:${COMPOUND_SURNAMES.join("|")}|[${SURNAMES}])`;
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


/** Words that a 我是/业主 frame meets often and that are not names (我是本地居民, 业主委员会). */
const NOT_NAMES = new Set(["本地", "外地", "附近", "周边", "这里", "那里", "小区", "物业", "业主", "居民", "租户", "房东", "商户", "个体", "王府井", "张家口", "高新", "黄河", "长江", "东方", "方便", "万达", "金融", "文化", "张江", "李宁", "华庭", "李村", "周庄", "金桥"]);

/** 李女士 is a surname and a title, not a three-character name: the surname rule takes it. */
const HONORIFIC_INSIDE = new RegExp(`^${SURNAME}${HONORIFIC}`);

export const WORDS = new Intl.Segmenter("zh", { granularity: "word" });

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


export const NAME_RULES: Rule[] = [
  // Self-introductions and an operator's "来电人王芳称".
  {
    kind: "name",
    re: new RegExp(`(?:${NAME_FRAMES})\\s*(${SURNAME}${HAN}{1,2}?)${AFTER_NAME}`, "g"),
    group: 1,
    accept: (_text, _start, value) => plausible(value),
  },
  {
    kind: "name",
    re: new RegExp(`(?:${ROLE_FRAMES})(?:叫|是|名叫)?\\s*(${SURNAME}${HAN}{1,2}?)${AFTER_NAME}`, "g"),
    group: 1,
    accept: (text, start, value) => plausible(value) && isNameStart(text, start, value),
  },
  // 我姓詹, 她姓伍，…: a surname said alone.
  { kind: "surname", re: new RegExp(`(?<=姓)(${SURNAME})(?=$|[，。,.、；;\\s（(：:]|的|啊|呀)`, "g"), group: 1 },
  // 张女士, 王师傅, 李阿姨: the surname is the person here, when it is a word of its own
  // (保安师傅 is not 安师傅: see startsWord).
  { kind: "surname", re: new RegExp(`(${SURNAME})(?=${HONORIFIC})`, "g"), group: 1, accept: (text, start) => startsWord(text, start) },
];

/** Not a word a frame meets often (我是本地居民), not a surname and its title (李女士). */
function plausible(value: string): boolean {
  return ![...NOT_NAMES].some((w) => value.startsWith(w)) && !HONORIFIC_INSIDE.test(value);
}

/** Characters common in given names (伟, 芳, 建国, 雨晴 …); a name's given part is made of them. */
const GIVEN = new Set(
  Array.from(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏飞宇浩凯健俊帆帅旭宁龙林斌波辉宏峰建国庆新文武德全福贵生春秋冬夏雪雨晴云霖泽海江山岩松柏柳竹菊莲荷芝芬芸茹莉蓉萱薇婷婧媛娇妍嫣琳琪瑶璐瑾璇珊珍珠琴瑞祥嘉怡欣悦乐佳慧惠晓晨曦阳光辰星月朗昊昭亮志智勤诚信仁义礼贤良忠孝康泰安保卫兵利荣耀昌盛兴旺达成功业思博彬彦毅锋铭鑫森淼晶鸿鹤燕凤鸣雁骏腾翔跃振奇立正永长涵源润清洁淑美丹彤青碧翠金银宝玲铃莹颖茜倩娅姗妮娴婉雅韵馨香桃杏樱枫桦柔蕾蕊苗蔚菲芮若依伊可心爱恩念梦诗书琦璋瑜琼瑛珏玮炜烨煜灿炎焱熙然维伦纲纪纯绍继汉沛沐洪浚涌渊湘滨潇澜灏力勋励劲厚友双吉启君和咏品哲善喜坤培基堂增壮奎如妙姿威娥婵子存孟守宗定宜宪宸寅富寒尧岚峻崇嵩巍川巧庭延弘彩影征律复徽忆怀恒悟惟意愉才扬敬斐斯方旻昆昕昶晋晖景曼朋杉杭柱栋格桐梁楠榕槐欢毓民汇池汐沁泉法洛津淳添渝溪滢漫潮澄炳烈焕熠环珂珑理琛瑗璟甜甲男畅登白百皓盈益真睿知石硕礼祖祯禄禧秉程穗竞童端笑筠策素纳纹绮绵群羽翊翰耕聪育胜舒航艺芊苍茂菁萌葵蓓蕴虎虹裕誉语豪贝贞财贺赫越轩迎运进远连逸道遥邦采鉴钢钧铁锦镇闯阔隆雄集雯震霄露靖韬顺颂风驰骁高魁鲲鹰麟鼎齐龄萧栾",
  ),
);

/** Surname characters that are mostly other words in running text: named only within a frame. */
const COMMON_WORD_SURNAMES = new Set(Array.from("车水于向时万安文方成全关应常明宁单解易齐和师商沙路米尚甘古连党宫费冷席卫宗边池查麻迟强景项展练伏暴丘揭习容慎满弘禄隆勾融盖权巢燕寿浦诸富巴弓牧班仰伊祖束幸宿怀索籍苍劳扶宰雍鱼戈衡殳沃元"));

const HAN_CHAR = /^[\u4e00-\u9fff]$/;

/**
 * Names with no frame around them: a surname that the segmenter keeps as a word of its own, then
 * a given name of one or two given-name characters (as one word, 永胜, or as single characters,
 * 嘉|怡), then a word boundary the segmenter sees (a word, punctuation, a function character).
 */
export function findFreeNames(text: string): { start: number; end: number }[] {
  const segs = Array.from(WORDS.segment(text));
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const isSurname = COMPOUND_SURNAMES.includes(s.segment) || (s.segment.length === 1 && SURNAMES.includes(s.segment) && !COMMON_WORD_SURNAMES.has(s.segment));
    if (!isSurname) continue;
    const n1 = segs[i + 1];
    if (!n1 || !Array.from(n1.segment).every((c) => GIVEN.has(c))) continue;
    let end = i + 1;
    if (n1.segment.length === 1) {
      const n2 = segs[i + 2];
      // A second single given character only when a boundary follows it (钟|嘉|怡|护士).
      if (n2 && n2.segment.length === 1 && GIVEN.has(n2.segment) && boundary(segs[i + 3])) end = i + 2;
      else if (!boundary(n2)) continue;
    } else if (n1.segment.length !== 2 || !boundary(segs[i + 2])) continue;
    const last = segs[end]!;
    const value = text.slice(s.index, last.index + last.segment.length);
    if ([...NOT_NAMES].some((w) => value.startsWith(w))) continue;
    out.push({ start: s.index, end: last.index + last.segment.length });
    i = end;
  }
  return out;
}

/** After a name: the end, punctuation, a word of two or more characters, or a single function character. */
function boundary(seg: Intl.SegmentData | undefined): boolean {
  if (!seg) return true;
  if (!HAN_CHAR.test(seg.segment[0]!)) return true;
  if (seg.segment.length >= 2) return true;
  return "的和与及在是说称把被让给向对跟也都就还又已曾才不没未拒因由从到去来找帮替代等、".includes(seg.segment);
}
