/**
 * Gold labels of annotated corpora (PhysioNet deid, i2b2/n2c2 2014 BRAT, Presidio, one's own
 * JSON Lines) mapped to Galen's PHI types, so one tagger learns from any of them.
 */
import type { PhiType } from './types.js'

const EXACT: Record<string, PhiType | null> = {
  // PhysioNet deid
  hcpname: 'NAME',
  ptname: 'NAME',
  ptnameinitial: 'NAME',
  relativeproxyname: 'NAME',
  date: 'DATE',
  dateyear: 'DATE',
  location: 'LOCATION',
  phone: 'PHONE',
  age: 'AGE',
  other: 'ID',
  // i2b2/n2c2 2014 (BRAT exports use the subtype names)
  doctor: 'NAME',
  patient: 'NAME',
  username: 'NAME',
  person: 'NAME',
  name: 'NAME',
  hospital: 'HOSPITAL',
  organization: 'LOCATION',
  city: 'LOCATION',
  state: 'LOCATION',
  country: 'LOCATION',
  'location-other': 'LOCATION',
  location_other: 'LOCATION',
  gpe: 'LOCATION',
  street: 'ADDRESS',
  street_address: 'ADDRESS',
  address: 'ADDRESS',
  zip: 'ZIP',
  zip_code: 'ZIP',
  fax: 'PHONE',
  phone_number: 'PHONE',
  email: 'EMAIL',
  email_address: 'EMAIL',
  url: 'URL',
  domain_name: 'URL',
  ip_address: 'IP_ADDRESS',
  ssn: 'SSN',
  us_ssn: 'SSN',
  date_time: 'DATE',
  medicalrecord: 'ID',
  idnum: 'ID',
  device: 'ID',
  healthplan: 'ID',
  bioid: 'ID',
  account: 'ID',
  license: 'ID',
  vehicle: 'ID',
  iban_code: 'ID',
  credit_card: 'ID',
  us_driver_license: 'ID',
  // not Safe Harbor identifiers
  profession: null,
  title: null,
  nrp: null,
}

/**
 * The PHI type of a gold label (case-insensitive); `undefined` for labels that name no Safe
 * Harbor identifier (profession, title, NRP). An unknown label counts as `ID`: whatever someone
 * annotated as sensitive is treated as sensitive.
 */
export function phiTypeOfGold(label: string): PhiType | undefined {
  const key = label.trim().toLowerCase()
  const known = EXACT[key]
  if (known === null) return undefined
  return known ?? 'ID'
}
