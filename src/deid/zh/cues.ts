/**
 * The context words of Chinese name detection: what comes before a name (a relation, a role),
 * after it (a title), and what ends it. Written for Galen from general Chinese clinical usage.
 */

/** Characters that end a name: particles, verbs of clinical narrative, punctuation. */
export const STOP = new Set(
  '的了是在于因诉自今现既无有和与及等为被经已曾去到至住入出转术男女岁性以由从向对把将也都又还就患主查诊收拟近突伴示述说称表反持服用行做拒同陪探某'.split(
    '',
  ),
)

/** Surname characters that are also prepositions or conjunctions: never right after a role word. */
export const FUNCTION_SURNAMES = new Set('向和于时与从应全明常安成万师解单'.split(''))

/** Words before a name that state a relation or a role; the name may follow without a colon. */
export const RELATION_CUES = [
  '患者家属',
  '患者之夫',
  '患者之妻',
  '患者之子',
  '患者之女',
  '患者',
  '病人',
  '患儿',
  '孕妇',
  '产妇',
  '家属',
  '联系人',
  '监护人',
  '陪同人',
  '之子',
  '之女',
  '之夫',
  '之妻',
  '之父',
  '之母',
  '其子',
  '其女',
  '其夫',
  '其妻',
  '其父',
  '其母',
  '丈夫',
  '妻子',
  '儿子',
  '女儿',
  '父亲',
  '母亲',
  '姓名',
  '床',
  // self-introductions in users' own questions (我叫王建国，想问……)
  '我叫',
  '名叫',
  '我的名字是',
]

/** Role words before a name ("会诊医师：黄海涛", "主管医师邓丽君"). */
export const ROLE_CUES = [
  '副主任医师',
  '主任医师',
  '主治医师',
  '住院医师',
  '主管医师',
  '值班医师',
  '会诊医师',
  '送检医师',
  '麻醉医师',
  '责任护士',
  '值班护士',
  '夜班护士',
  '护士长',
  '医师',
  '医生',
  '护士',
  '术者',
  '助手',
  '签名',
  '记录者',
  '记录人',
  '审核者',
]

/** Titles after a name ("李秀英主任医师", "王先生"). */
export const TITLES = [
  '副主任医师',
  '主任医师',
  '主治医师',
  '住院医师',
  '医师',
  '医生',
  '大夫',
  '护士长',
  '护士',
  '主任',
  '教授',
  '先生',
  '女士',
  '老师',
]

/** Words before 医师/护士 that name a role, not a person (jieba tags some of them as names). */
export const ROLE_PREFIXES = new Set(
  '麻醉 主治 住院 值班 责任 管床 会诊 实习 进修 规培 主管 夜班 白班 护理 门诊 急诊 病区 手术 康复 营养 检验 影像 超声 药剂 主任 副主任 执业 全科 专科 社区 乡村 家庭 签约'.split(
    ' ',
  ),
)

/** Kinship terms written out (a name may follow them or stand beside them in brackets). */
export const KINSHIP_TERMS = [
  '父亲',
  '母亲',
  '儿子',
  '女儿',
  '丈夫',
  '妻子',
  '爱人',
  '配偶',
  '老伴',
  '哥哥',
  '弟弟',
  '姐姐',
  '妹妹',
  '兄长',
  '孙子',
  '孙女',
  '外孙',
  '外孙女',
  '侄子',
  '侄女',
  '外甥',
  '外甥女',
  '儿媳',
  '女婿',
  '叔叔',
  '阿姨',
  '姨妈',
  '舅舅',
  '姑姑',
  '伯父',
  '伯伯',
  '爷爷',
  '奶奶',
  '外公',
  '外婆',
  '公公',
  '婆婆',
  '岳父',
  '岳母',
  '继父',
  '继母',
  '养父',
  '养母',
]

/** One-character kin words; they name a relation only after 其, 之 or 患者 (其父, 之妻, 患者女). */
export const KIN_CHARACTERS = '父母子女妻夫兄弟姐妹孙叔姨舅侄'

/** Social roles that precede or follow a person's name (同学秦悦, 随访人：莫小雨). */
export const SOCIAL_ROLES = [
  '同学',
  '同事',
  '朋友',
  '邻居',
  '室友',
  '领导',
  '老师',
  '病友',
  '战友',
  '随访人',
  '联系人',
  '监护人',
  '陪护人',
  '陪护',
  '护工',
  '保姆',
  '代诉人',
  '陈述者',
  '签字人',
  '委托人',
  '代理人',
  '见证人',
  '接听人',
  '陪同人',
]

/** Professional titles that precede or follow a name (李秀英主任, 院长张明, 王涛护师). */
export const PROFESSIONAL_TITLES = [
  '医生',
  '医师',
  '主任',
  '护士',
  '护师',
  '教授',
  '院长',
  '技师',
  '药师',
  '治疗师',
  '大夫',
]
