// The page's words in English and Simplified Chinese. Every string the page itself shows lives here
// (what the server sends, such as passages and notes, is shown as it comes). `{name}` marks a value.
// Chinese strings are written for mainland readers: full-width punctuation, 临床 wording.

/** @type {Record<'en' | 'zh', Record<string, string>>} */
export const STRINGS = {
  en: {
    title: 'Galen — grounded medical answers',
    tagline: 'Answers from authority-ranked sources, with citations that are checked.',
    language: 'Language',
    noticeTitle: 'Not medical advice.',
    noticeText:
      'Galen is a research tool. Its answers and its demonstration corpus can be incomplete or out of date. Always consult a qualified clinician and the cited sources.',
    views: 'Views',
    tabAsk: 'Ask',
    tabCalc: 'Calculators',
    question: 'Question',
    placeholder: 'For example: What is the first-line drug for type 2 diabetes?',
    shortcut: 'Ctrl+Enter (⌘+Enter on a Mac) asks.',
    minAuthority: 'Lowest authority',
    authorityAny: 'any (A-E)',
    authorityA: 'A only',
    evidencePolicy: 'Lower-authority evidence',
    policyC: 'A-C only, when A-C evidence exists',
    policyD: 'hide general web (E) beside A-C evidence',
    policyE: 'show every level',
    hiddenOne:
      '1 passage below authority level {floor} is not shown because A-C evidence on the question exists (see “Lower-authority evidence”).',
    hiddenMany:
      '{n} passages below authority level {floor} are not shown because A-C evidence on the question exists (see “Lower-authority evidence”).',
    ask: 'Ask',
    apiKey: 'API key',
    answerHeading: 'Answer',
    evidence: 'Evidence',
    calculator: 'Calculator',
    openSource: 'open-source',
    statusLink: 'status',
    metricsLink: 'metrics',
    newConversation: 'New conversation',
    followUp: 'Follow-up to: “{question}”',
    followUpSearched: 'Read as a follow-up: searched for “{query}”.',
    searching: 'Searching the sources…',
    answered: 'Answered in {ms} ms from {count}.',
    sourceOne: '1 source',
    sourceMany: '{n} sources',
    noEvidenceStatus: 'No passage found.',
    emptyTitle: 'No passage in the index answers this question.',
    emptyTry: 'Try:',
    emptyRephrase: 'other words, or the generic name of a drug;',
    emptyAuthority: 'a lower “Lowest authority” setting;',
    emptyCalculator: 'the Calculators tab, for a score or a formula.',
    needKey: 'This server needs an API key: enter it above and ask again.',
    requestFailed: 'The request failed (HTTP {status}).',
    networkFailed: 'The server could not be reached. Check that galen serve is running.',
    modeEvidence: 'Evidence mode — no generated answer',
    modeGenerated: 'Generated answer, citations checked',
    conflict: 'Sources [{a}] and [{b}] may disagree: {reason}.',
    supported: 'supported',
    notSupported: 'not supported',
    unsupportedTitle: 'Not supported by the cited source',
    showPassage: 'Show passage',
    hidePassage: 'Hide passage',
    sourceLink: 'source',
    citeLabel: 'Source {n}: {title}',
    demonstration: 'demonstration material',
    authorityTextA: 'A: guideline, consensus or drug label',
    authorityTextB: 'B: systematic review, textbook or trial',
    authorityTextC: 'C: research article or public-health page',
    authorityTextD: 'D: encyclopedia or patient education',
    authorityTextE: 'E: general web',
    authorityBadge: 'authority {level}',
    calculate: 'Calculate',
    calcSource: 'Source: {source}',
    required: 'required',
    yes: 'yes',
    no: 'no',
    notGiven: '—',
    loading: 'Loading…',
    steps: 'Steps',
    calcInAnswer: 'Calculator: {name}',
    missingInputs: 'Missing to compute it: {inputs}.',
    stated: 'From the question: {inputs}.',
    assumed: 'Not stated, so taken as absent: {inputs}.',
    openForm: 'Open the {name} form with the values found',
    openFormEmpty: 'Open the {name} form',
    calcError: 'Could not calculate: {message}',
    listSeparator: ', ',
  },
  zh: {
    title: 'Galen — 有据可查的医学问答',
    tagline: '回答来自按权威等级排序的资料，每条引用都经过核对。',
    language: '语言',
    noticeTitle: '本页内容不构成医疗建议。',
    noticeText:
      'Galen 是一个研究工具，其回答和演示资料可能不完整或已过时。请务必咨询执业医师，并查阅所引用的原始资料。',
    views: '视图',
    tabAsk: '提问',
    tabCalc: '临床计算器',
    question: '问题',
    placeholder: '例如：2 型糖尿病的一线治疗药物是什么？',
    shortcut: '按 Ctrl+Enter（Mac 上为 ⌘+Enter）即可提交。',
    minAuthority: '最低权威等级',
    authorityAny: '不限（A–E）',
    authorityA: '仅 A 级',
    evidencePolicy: '低权威等级资料',
    policyC: '有 A–C 级资料时只显示 A–C 级',
    policyD: '有 A–C 级资料时隐藏一般网页（E 级）',
    policyE: '显示所有等级',
    hiddenOne:
      '已有与问题相关的 A–C 级资料，因此有 1 条低于 {floor} 级的段落未显示（可在“低权威等级资料”中调整）。',
    hiddenMany:
      '已有与问题相关的 A–C 级资料，因此有 {n} 条低于 {floor} 级的段落未显示（可在“低权威等级资料”中调整）。',
    ask: '提问',
    apiKey: 'API 密钥',
    answerHeading: '回答',
    evidence: '证据',
    calculator: '计算器',
    openSource: '开源项目',
    statusLink: '运行状态',
    metricsLink: '监控指标',
    newConversation: '开始新对话',
    followUp: '接着上一个问题：“{question}”',
    followUpSearched: '已按追问理解，检索词为“{query}”。',
    searching: '正在检索资料……',
    answered: '用时 {ms} 毫秒，引用了 {count}。',
    sourceOne: '1 条资料',
    sourceMany: '{n} 条资料',
    noEvidenceStatus: '没有找到相关段落。',
    emptyTitle: '索引中没有能回答这个问题的段落。',
    emptyTry: '可以尝试：',
    emptyRephrase: '换一种说法，或改用药品的通用名；',
    emptyAuthority: '把“最低权威等级”放宽一些；',
    emptyCalculator: '如果要算评分或公式，请使用“临床计算器”标签页。',
    needKey: '此服务器需要 API 密钥：请在上方填写后重新提问。',
    requestFailed: '请求失败（HTTP {status}）。',
    networkFailed: '无法连接服务器，请确认 galen serve 正在运行。',
    modeEvidence: '证据模式——未生成回答',
    modeGenerated: '模型生成的回答，引用已核对',
    conflict: '资料 [{a}] 与 [{b}] 的说法可能不一致：{reason}。',
    supported: '已核实',
    notSupported: '未获出处支持',
    unsupportedTitle: '所引资料不支持这句话',
    showPassage: '展开原文',
    hidePassage: '收起原文',
    sourceLink: '原始出处',
    citeLabel: '资料 {n}：{title}',
    demonstration: '演示资料',
    authorityTextA: 'A：指南、专家共识或药品说明书',
    authorityTextB: 'B：系统评价、教科书或临床试验',
    authorityTextC: 'C：研究论文或公共卫生网页',
    authorityTextD: 'D：百科或患者教育资料',
    authorityTextE: 'E：一般网页',
    authorityBadge: '权威等级 {level}',
    calculate: '计算',
    calcSource: '出处：{source}',
    required: '必填',
    yes: '是',
    no: '否',
    notGiven: '—',
    loading: '正在加载……',
    steps: '计算步骤',
    calcInAnswer: '计算器：{name}',
    missingInputs: '还缺少以下数据才能计算：{inputs}。',
    stated: '问题中给出的数据：{inputs}。',
    assumed: '问题中未提及、按“无”计算的项目：{inputs}。',
    openForm: '打开“{name}”表单（已填入问题中的数据）',
    openFormEmpty: '打开“{name}”表单',
    calcError: '无法计算：{message}',
    listSeparator: '、',
  },
}

/** Names of material types as the page shows them. */
export const MATERIAL_TYPES = {
  en: {},
  zh: {
    guideline: '指南',
    consensus: '专家共识',
    drug_label: '药品说明书',
    systematic_review: '系统评价',
    textbook: '教科书',
    trial: '临床试验',
    research_article: '研究论文',
    encyclopedia: '百科',
    patient_education: '患者教育资料',
    qa: '问答',
    web: '网页',
  },
}

/**
 * Unit words that change with the number (English) or read differently in Chinese. Units not
 * listed are shown as the server gives them.
 */
const UNIT_WORDS = {
  en: {
    points: ['point', 'points'],
    point: ['point', 'points'],
    years: ['year', 'years'],
    weeks: ['week', 'weeks'],
    days: ['day', 'days'],
    criteria: ['criterion', 'criteria'],
    drinks: ['drink', 'drinks'],
  },
  zh: {
    points: ['分', '分'],
    point: ['分', '分'],
    weeks: ['周', '周'],
    days: ['天', '天'],
    criteria: ['项标准', '项标准'],
  },
}

/** The language to start in: a saved choice, else the browser's first language, else English. */
export function initialLanguage(saved, browserLanguages) {
  if (saved === 'en' || saved === 'zh') return saved
  for (const language of browserLanguages ?? []) {
    const lower = String(language).toLowerCase()
    if (lower.startsWith('zh')) return 'zh'
    if (lower.startsWith('en')) return 'en'
  }
  return 'en'
}

/** Looks up a string and fills its `{name}` slots. */
export function translate(language, key, values = {}) {
  const template = STRINGS[language]?.[key] ?? STRINGS.en[key] ?? key
  return template.replace(/\{(\w+)\}/g, (slot, name) =>
    values[name] === undefined ? slot : String(values[name]),
  )
}

/** The unit to show after `value`: singular or plural in English, Chinese words in Chinese. */
export function unitFor(language, value, unit) {
  if (!unit) return ''
  const forms = UNIT_WORDS[language]?.[unit] ?? UNIT_WORDS.en[unit]
  if (forms === undefined) return unit
  return Number(value) === 1 ? forms[0] : forms[1]
}

/**
 * Formats a number for reading: integers as they are; otherwise to `digits` decimals when the
 * calculator states a precision, else two decimals (three significant digits below 1). Trailing
 * zeros are dropped.
 */
export function formatNumber(language, value, digits) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value)
  const locale = language === 'zh' ? 'zh-CN' : 'en-US'
  if (Number.isInteger(value)) return value.toLocaleString(locale, { useGrouping: false })
  if (typeof digits === 'number')
    return value.toLocaleString(locale, { maximumFractionDigits: digits, useGrouping: false })
  if (Math.abs(value) < 1)
    return value.toLocaleString(locale, { maximumSignificantDigits: 3, useGrouping: false })
  return value.toLocaleString(locale, { maximumFractionDigits: 2, useGrouping: false })
}
