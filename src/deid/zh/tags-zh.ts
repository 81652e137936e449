/**
 * Type tags that read as Chinese, for tags mode in Chinese text: 患者[姓名]于[日期]入院, 住院号：[住院号].
 * A text counts as Chinese when it has more Han characters than Latin letters; English and mixed
 * text with mostly English keeps the English tags (`[NAME]`).
 */
import type { PhiSpan, PhiType } from '../types.js'

const CHINESE_TAGS: Record<PhiType, string> = {
  NAME: '姓名',
  DATE: '日期',
  AGE: '年龄',
  PHONE: '电话',
  ADDRESS: '地址',
  LOCATION: '地点',
  HOSPITAL: '医院',
  EMAIL: '邮箱',
  URL: '网址',
  ZIP: '邮编',
  SSN: '证件号',
  IP_ADDRESS: 'IP地址',
  ID: '编号',
}

/** Labels whose number keeps the label as its tag (住院号：[住院号]). */
const RECORD_LABELS = new Set(['住院号', '病案号', '病历号', '门诊号', '标本号', '登记号'])

/** Whether a text reads as Chinese: more Han characters than Latin letters. */
export function isChineseText(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0
  return han > latin
}

/**
 * The Chinese tag for a span, brackets included: `[姓名]`, `[日期]`, `[地址]`, `[医院]`, `[电话]`;
 * identity numbers `[证件号]`, record numbers after their label `[住院号]`, `[病案号]`, `[门诊号]`,
 * card numbers `[卡号]`, plates `[车牌号]`, other numbers `[编号]`.
 */
export function chineseTag(span: Pick<PhiSpan, 'type' | 'source'>): string {
  if (span.type === 'ID') {
    if (span.source === 'zh-resident-id') return '[证件号]'
    if (span.source === 'zh-plate') return '[车牌号]'
    const label = span.source.startsWith('zh-label:') ? span.source.slice('zh-label:'.length) : ''
    const normalised = label === 'ID号' ? '' : label.replace(/码$/u, '')
    if (RECORD_LABELS.has(normalised)) return `[${normalised}]`
    if (normalised.endsWith('卡号') || normalised === '医保号') return '[卡号]'
    if (normalised.startsWith('身份证')) return '[证件号]'
  }
  return `[${CHINESE_TAGS[span.type]}]`
}
