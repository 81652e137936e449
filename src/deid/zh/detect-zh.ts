/**
 * PHI in Chinese clinical text: names (a surname from `surnames.ts` in the context of a role or a
 * relation: 患者张伟, 其子王磊, 李秀英主任医师, 术者：马天宇), resident identity numbers (18 digits
 * with a valid check digit), mobile and landline numbers, record numbers after their label
 * (住院号, 病案号, 门诊号, 就诊卡号, 医保卡号, 标本号), vehicle plates, addresses (省/市/区/县/镇/路/号/小区/村),
 * hospitals by name (XX人民医院, XX社区卫生服务中心), dates (2024年3月5日, 2024.3.5, 3月5日,
 * 二〇二三年九月十二日) and ages over 89 (92岁). Names: see `names-zh.ts`.
 */
import type { PhiSpan, PhiType } from '../types.js'
import { detectChineseNames } from './names-zh.js'

const HAN = /\p{Script=Han}/u

/** Whether an 18-character resident identity number has the right check character (GB 11643). */
export function isResidentIdNumber(value: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(value)) return false
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let index = 0; index < 17; index += 1) sum += Number(value[index]) * (weights[index] ?? 0)
  return '10X98765432'[sum % 11] === value[17]?.toUpperCase()
}

const PROVINCES =
  '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门'

const HAN_CLASS = '\\p{Script=Han}'
/** An address: a province, then at least one smaller unit, up to the house number. */
const ADDRESS = new RegExp(
  `(?:${PROVINCES})(?:省|市|自治区|特别行政区)?` +
    `(?:${HAN_CLASS}{1,6}?(?:市|州|盟|地区))?` +
    `(?:${HAN_CLASS}{1,6}?(?:区|县|旗))?` +
    `(?:${HAN_CLASS}{1,8}?(?:街道|镇|乡))?` +
    `(?:(?:${HAN_CLASS}|\\d){1,10}?(?:大道|路|街|巷|胡同|弄|村|小区|小学|中学))?` +
    `(?:[\\d一二三四五六七八九十]+(?:号院|号楼|号|弄|栋|幢|单元|室|楼|组))*`,
  'gu',
)
/**
 * An address that starts at a city (成都市武侯区...): a city and a district or county at least,
 * after a word that ends before a place (为, 在, 于, 住, punctuation).
 */
const CITY_ADDRESS = new RegExp(
  `(?<=[为在于住至到往自、，。；：:\\s]|^)(?:(?![为在于住至到往自的是和与家])${HAN_CLASS}){2,4}?市${HAN_CLASS}{1,5}?(?:区|县)` +
    `(?:${HAN_CLASS}{1,8}?(?:街道|镇|乡))?` +
    `(?:(?:${HAN_CLASS}|\\d){1,10}?(?:大道|路|街|巷|胡同|弄|村|小区|小学|中学))?` +
    `(?:[\\d一二三四五六七八九十]+(?:号院|号楼|号|弄|栋|幢|单元|室|楼|组))*`,
  'gu',
)
/** After 住址/家住/现住: the place up to the end of the clause. */
const ADDRESS_CUE = /(?:住址|地址|家住|现住|住在|居住于|户籍地址|户籍地)[：:\s]*/gu
const ADDRESS_TAIL =
  /^[\p{Script=Han}\d]{2,40}?(?:号院|号楼|号|弄|栋|幢|单元|室|楼|组|村|小区|路|街|巷|大道|小学|中学)(?:[\d一二三四五六七八九十]+(?:号院|号楼|号|弄|栋|幢|单元|室|楼|组))*/u

const HOSPITAL_SUFFIX =
  /(?:人民医院|中医院|医院|卫生院|妇幼保健院|保健院|社区卫生服务中心|卫生服务中心|卫生服务站|诊所|医疗中心|康复中心)/gu
/** Characters a hospital's name never contains (it starts after them). */
const HOSPITAL_STOP = new Set(
  '在于到至去往入的经来自从由诊日年月后前及和与被将向赴送转。，、；：:,.（）() \n\t'.split(''),
)
const GENERIC_HOSPITAL = new Set([
  '本',
  '我',
  '该',
  '外',
  '上级',
  '当地',
  '附近',
  '专科',
  '综合',
  '大',
  '小',
  '民营',
  '公立',
  '私立',
  '基层',
  '社区',
  '乡镇',
  '各级',
  '定点',
])

const CHINESE_DIGIT = '[〇零一二三四五六七八九十]'
const DATE_PATTERNS: RegExp[] = [
  /(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?/gu,
  /(?:19|20)\d{2}[.\-/](?:0?[1-9]|1[0-2])[.\-/](?:0?[1-9]|[12]\d|3[01])(?!\d)/gu,
  /(?<![\d.])(?:0?[1-9]|1[0-2])\s*月\s*(?:0?[1-9]|[12]\d|3[01])\s*[日号]/gu,
  new RegExp(`${CHINESE_DIGIT}{4}年${CHINESE_DIGIT}{1,2}月(?:${CHINESE_DIGIT}{1,3}[日号])?`, 'gu'),
  /(?:19|20)\d{2}\s*年(?!\s*(?:龄|级|代|来|间|内|后|前|余))/gu,
]

function pattern(text: string, expression: RegExp, type: PhiType, source: string): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (const match of text.matchAll(expression)) {
    const start = match.index ?? 0
    spans.push({ start, end: start + match[0].length, type, confidence: 0.9, source })
  }
  return spans
}

function detectIdentifiers(text: string): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (const match of text.matchAll(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/gu)) {
    if (!isResidentIdNumber(match[0])) continue
    const start = match.index ?? 0
    spans.push({ start, end: start + 18, type: 'ID', confidence: 0.99, source: 'zh-resident-id' })
  }
  const labelled =
    /(身份证号?码?|住院号|病案号|病历号|门诊号|就诊卡号|医保卡号|社保卡号|医保号|标本号|登记号|ID号|床号)[：:\s]*([A-Za-z0-9][A-Za-z0-9-]{3,})/gu
  for (const match of text.matchAll(labelled)) {
    const label = match[1] ?? ''
    const value = match[2] ?? ''
    if (label === '床号') continue
    const start = (match.index ?? 0) + match[0].length - value.length
    spans.push({
      start,
      end: start + value.length,
      type: 'ID',
      confidence: 0.9,
      source: `zh-label:${label}`,
    })
  }
  spans.push(
    ...pattern(
      text,
      /(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])/gu,
      'ID',
      'zh-plate',
    ),
  )
  spans.push(
    ...pattern(text, /(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/gu, 'PHONE', 'zh-mobile'),
    ...pattern(text, /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/gu, 'PHONE', 'zh-landline'),
  )
  return spans
}

function detectPlaces(text: string): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (const match of text.matchAll(ADDRESS)) {
    const start = match.index ?? 0
    const value = match[0]
    // A province alone is not PHI (like a US state); a smaller unit is.
    if (
      !/(?:市|州|区|县|旗|镇|乡|街道|路|街|巷|胡同|弄|村|小区|号|院|楼|栋|幢|单元|室|组|小学|中学)$/u.test(
        value,
      )
    )
      continue
    if (value.length < 4) continue
    spans.push({
      start,
      end: start + value.length,
      type: 'ADDRESS',
      confidence: 0.85,
      source: 'zh-address',
    })
  }
  for (const match of text.matchAll(CITY_ADDRESS)) {
    const start = match.index ?? 0
    spans.push({
      start,
      end: start + match[0].length,
      type: 'ADDRESS',
      confidence: 0.8,
      source: 'zh-city-address',
    })
  }
  for (const match of text.matchAll(ADDRESS_CUE)) {
    const start = (match.index ?? 0) + match[0].length
    const tail = ADDRESS_TAIL.exec(text.slice(start))
    if (tail === null) continue
    spans.push({
      start,
      end: start + tail[0].length,
      type: 'ADDRESS',
      confidence: 0.85,
      source: 'zh-address-cue',
    })
  }
  for (const match of text.matchAll(HOSPITAL_SUFFIX)) {
    const end = (match.index ?? 0) + match[0].length
    let start = match.index ?? 0
    while (start > 0 && end - start < 24) {
      const character = text[start - 1] ?? ''
      if (HOSPITAL_STOP.has(character) || !/[\p{Script=Han}\d]/u.test(character)) break
      start -= 1
    }
    const name = text.slice(start, match.index ?? 0)
    if (name.length < 2 || GENERIC_HOSPITAL.has(name)) continue
    spans.push({ start, end, type: 'HOSPITAL', confidence: 0.85, source: 'zh-hospital' })
  }
  return spans
}

function detectDatesAndAges(text: string): PhiSpan[] {
  const spans: PhiSpan[] = []
  for (const expression of DATE_PATTERNS)
    spans.push(...pattern(text, expression, 'DATE', 'zh-date'))
  for (const match of text.matchAll(/(?<!\d)(?:9\d|1[0-4]\d)\s*(?:岁|周岁)/gu)) {
    const start = match.index ?? 0
    spans.push({
      start,
      end: start + match[0].length,
      type: 'AGE',
      confidence: 0.9,
      source: 'zh-age',
    })
  }
  return spans
}

/**
 * Finds PHI in Chinese text (and numbers Chinese notes use: resident ID numbers, mobile numbers).
 * Returns nothing for text without Han characters. Spans may overlap; the caller merges them.
 */
export function detectChinesePhi(text: string): PhiSpan[] {
  if (!HAN.test(text)) return []
  return [
    ...detectIdentifiers(text),
    ...detectDatesAndAges(text),
    ...detectPlaces(text),
    ...detectChineseNames(text),
  ]
}
