/**
 * Surrogates that read as Chinese, for PHI found in Chinese text: a name becomes another plausible
 * Chinese name (same length, surname kept as a surname), an address another address of the same
 * shape, a hospital a generic hospital of an invented city, a date the same date moved by the
 * patient's shift in the same format. Deterministic: the same text and seed give the same
 * surrogate, so a name keeps one surrogate throughout a document.
 */
import type { PhiType } from '../types.js'
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from './surnames.js'

const HAN = /\p{Script=Han}/u

/** Characters common in given names, to compose invented ones. */
const GIVEN_NAME_CHARACTERS =
  '安邦宁静文明华建国志强秀兰玉梅丽娟敏杰涛磊鹏飞宇晨阳欣怡佳琪子涵雨萱思源博文浩然俊熙梓轩一诺'

/** Invented place names for surrogate addresses and hospitals (not real cities). */
const PLACE_NAMES = ['青禾', '云溪', '松川', '临泉', '白石', '望江', '长宁', '安和', '清河', '南屏']
const ROAD_NAMES = ['和平', '建设', '光明', '幸福', '人民', '文化', '新华', '解放']

function pick(list: string, hash: number, salt: number): string {
  const characters = [...list]
  return characters[(hash + salt * 7919) % characters.length] ?? '某'
}

function pickFrom(list: readonly string[], hash: number, salt: number): string {
  return list[(hash + salt * 104729) % list.length] ?? '某'
}

function surrogateName(text: string, hash: number): string {
  const compound = COMPOUND_SURNAMES.some((surname) => text.startsWith(surname))
  const surname = compound
    ? pickFrom(COMPOUND_SURNAMES, hash, 1)
    : pick(SINGLE_SURNAMES.slice(0, 100), hash, 1)
  const given = Math.max(1, [...text].length - (compound ? 2 : 1))
  let name = surname
  for (let index = 0; index < given; index += 1)
    name += pick(GIVEN_NAME_CHARACTERS, hash >>> (index * 3), index + 2)
  return name
}

function surrogateAddress(text: string, hash: number): string {
  const place = pickFrom(PLACE_NAMES, hash, 1)
  const road = pickFrom(ROAD_NAMES, hash, 2)
  const number = (hash % 180) + 1
  if (/(?:村|组)$/u.test(text)) return `${place}县${pickFrom(PLACE_NAMES, hash, 3)}镇${road}村`
  return `${place}市${pickFrom(PLACE_NAMES, hash, 3)}区${road}路${number}号`
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}

function surrogateDate(text: string, shiftDays: number): string | undefined {
  const full = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*([日号])$/u.exec(text)
  const dotted = /^(\d{4})([.\-/])(\d{1,2})\2(\d{1,2})$/u.exec(text)
  const monthOnly = /^(\d{4})\s*年\s*(\d{1,2})\s*月$/u.exec(text)
  const shift = (year: number, month: number, day: number): Date => {
    const date = new Date(Date.UTC(year, month - 1, day))
    date.setUTCDate(date.getUTCDate() + shiftDays)
    return date
  }
  if (full !== null) {
    const date = shift(Number(full[1]), Number(full[2]), Number(full[3]))
    return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}${full[4]}`
  }
  if (dotted !== null) {
    const date = shift(Number(dotted[1]), Number(dotted[3]), Number(dotted[4]))
    const separator = dotted[2] ?? '-'
    const twoDigits = (dotted[3] ?? '').length === 2
    const month = date.getUTCMonth() + 1
    const day = date.getUTCDate()
    return [date.getUTCFullYear(), twoDigits ? pad(month) : month, twoDigits ? pad(day) : day].join(
      separator,
    )
  }
  if (monthOnly !== null) {
    const date = shift(Number(monthOnly[1]), Number(monthOnly[2]), 15)
    return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月`
  }
  return undefined
}

/**
 * A Chinese surrogate for a span of Chinese text, or undefined when the span holds no Han
 * characters (the English surrogates apply) or its type keeps the English treatment (digits).
 */
export function chineseSurrogate(
  type: PhiType,
  text: string,
  hash: number,
  shiftDays: number,
): string | undefined {
  if (!HAN.test(text)) return undefined
  switch (type) {
    case 'NAME':
      return surrogateName(text, hash)
    case 'ADDRESS':
    case 'LOCATION':
      return surrogateAddress(text, hash)
    case 'HOSPITAL':
      return `${pickFrom(PLACE_NAMES, hash, 4)}市第${'一二三四五六'[hash % 6]}人民医院`
    case 'DATE':
      return surrogateDate(text, shiftDays) ?? '某年某月某日'
    case 'AGE':
      return '90岁以上'
    default:
      return undefined
  }
}
