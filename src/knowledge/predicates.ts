/**
 * The predicate catalogue: canonical predicates, the names they arrive under, and the hand-written
 * sentence templates in English and Chinese (several per predicate, rotated; some only for certain
 * entity types; list forms for same-subject aggregation). `{s}` is the subject, `{o}` the object,
 * `{list}` several objects. Demonstration material written for Galen; wordings follow common
 * clinical usage (English and Chinese textbooks and drug labels), not any one source.
 *
 * Every template is inverted by the parser, so two predicates never share a surface form, and list
 * forms differ from the single forms.
 */
import type { EntityType } from './triples.js'

/** Text language. */
export type Language = 'en' | 'zh'

/** One sentence template. */
export interface SentenceTemplate {
  text: string
  /** Only for these subject types (any when absent). */
  subjectTypes?: readonly EntityType[]
  /** Only for these object types (any when absent). */
  objectTypes?: readonly EntityType[]
}

/** A predicate's templates in one language. */
export interface PredicateWording {
  single: readonly SentenceTemplate[]
  list: readonly SentenceTemplate[]
}

/** A canonical predicate. */
export interface PredicateDefinition {
  id: string
  /** Other names it arrives under (matched after camelCase split, `_`/`-` to space, lower case). */
  aliases: readonly string[]
  /** Usual subject and object types (used when a triple has none). */
  subjectType: EntityType
  objectType: EntityType
  /** Knowledge category after Bloom's taxonomy, for probes and coverage. */
  category: 'factual' | 'conceptual' | 'procedural'
  en: PredicateWording
  zh: PredicateWording
}

const t = (text: string, only: Omit<SentenceTemplate, 'text'> = {}): SentenceTemplate => ({
  text,
  ...only,
})

/** The predicates Galen verbalises with its own templates. */
export const PREDICATES: readonly PredicateDefinition[] = [
  {
    id: 'is_a',
    aliases: ['subClassOf', 'isa', 'is a', 'parent', 'broader', 'subclass of'],
    subjectType: 'disease',
    objectType: 'disease',
    category: 'conceptual',
    en: {
      single: [
        t('{s} is a type of {o}.'),
        t('{s} is a form of {o}.'),
        t('{s} falls under the broader category of {o}.'),
        t('{s} belongs to the drug class {o}.', { subjectTypes: ['drug'] }),
      ],
      list: [t('{s} is classified under each of the following: {list}.')],
    },
    zh: {
      single: [
        t('{s}是{o}的一种。'),
        t('{s}属于{o}。'),
        t('{s}归入{o}这一大类。'),
        t('{s}是一种{o}。', { subjectTypes: ['drug'] }),
      ],
      list: [t('{s}同时归入以下类别：{list}。')],
    },
  },
  {
    id: 'synonym',
    aliases: ['has synonym', 'alias', 'also known as', 'exact synonym', 'same as'],
    subjectType: 'entity',
    objectType: 'entity',
    category: 'conceptual',
    en: {
      single: [
        t('{s} is also known as {o}.'),
        t('{o} is another name for {s}.'),
        t('{s} is sometimes referred to as {o}.'),
      ],
      list: [t('Other names for {s} include {list}.')],
    },
    zh: {
      single: [t('{s}又称{o}。'), t('{o}是{s}的别称。'), t('{s}也叫作{o}。')],
      list: [t('{s}的其他名称有{list}。')],
    },
  },
  {
    id: 'has_symptom',
    aliases: ['symptom', 'has symptom', 'presents with', 'P780'],
    subjectType: 'disease',
    objectType: 'symptom',
    category: 'factual',
    en: {
      single: [
        t('{s} can present with {o}.'),
        t('A common symptom of {s} is {o}.'),
        t('Patients with {s} may experience {o}.'),
      ],
      list: [
        t('Symptoms of {s} include {list}.'),
        t('{s} typically presents with symptoms such as {list}.'),
      ],
    },
    zh: {
      single: [t('{s}可表现为{o}。'), t('{s}的常见症状是{o}。'), t('{s}患者可出现{o}。')],
      list: [t('{s}的常见症状包括{list}。'), t('{s}患者可出现{list}等症状。')],
    },
  },
  {
    id: 'treats',
    aliases: ['indication', 'treatment for', 'disease modifying', 'DM', 'treats disease'],
    subjectType: 'drug',
    objectType: 'disease',
    category: 'procedural',
    en: {
      single: [
        t('{s} is used to treat {o}.'),
        t('{s} is a treatment for {o}.'),
        t('{o} can be treated with {s}.'),
        t('{s} is performed to treat {o}.', { subjectTypes: ['procedure'] }),
      ],
      list: [t('{s} is indicated for the treatment of {list}.')],
    },
    zh: {
      single: [
        t('{s}用于治疗{o}。'),
        t('{s}可用于{o}的治疗。'),
        t('{o}可用{s}治疗。'),
        t('{s}是治疗{o}的手术方式之一。', { subjectTypes: ['procedure'] }),
      ],
      list: [t('{s}的适应证包括{list}。')],
    },
  },
  {
    id: 'relieves_symptoms_of',
    aliases: ['symptomatic', 'SYM', 'symptomatic treatment', 'palliates'],
    subjectType: 'drug',
    objectType: 'disease',
    category: 'procedural',
    en: {
      single: [
        t('{s} relieves the symptoms of {o}.'),
        t('{s} is used for symptomatic relief in {o}.'),
      ],
      list: [t('{s} is used to relieve the symptoms of several conditions: {list}.')],
    },
    zh: {
      single: [t('{s}可缓解{o}的症状。'), t('{s}用于{o}的对症治疗。')],
      list: [t('{s}可用于以下疾病的对症治疗：{list}。')],
    },
  },
  {
    id: 'has_icd10cm_code',
    aliases: ['icd10cm', 'icd 10 cm code', 'ICD10CM', 'icd code', 'xref icd10cm'],
    subjectType: 'disease',
    objectType: 'code',
    category: 'factual',
    en: {
      single: [
        t('{s} is coded {o} in ICD-10-CM.'),
        t('The ICD-10-CM code for {s} is {o}.'),
        t('In ICD-10-CM, {s} is classified under code {o}.'),
      ],
      list: [t('{s} maps to the ICD-10-CM codes {list}.')],
    },
    zh: {
      single: [t('{s}在ICD-10-CM中的编码为{o}。'), t('{s}的ICD-10-CM编码是{o}。')],
      list: [t('{s}对应的ICD-10-CM编码有{list}。')],
    },
  },
  {
    id: 'has_icd10_beijing_code',
    aliases: ['beijing code', 'icd10 beijing', 'icd 10 beijing clinical code'],
    subjectType: 'disease',
    objectType: 'code',
    category: 'factual',
    en: {
      single: [
        t('{s} has the code {o} in the ICD-10 Beijing clinical edition.'),
        t('The ICD-10 Beijing clinical edition codes {s} as {o}.'),
      ],
      list: [t('{s} has these codes in the ICD-10 Beijing clinical edition: {list}.')],
    },
    zh: {
      single: [t('{s}在ICD-10北京临床版中的编码为{o}。'), t('ICD-10北京临床版将{s}编码为{o}。')],
      list: [t('{s}在ICD-10北京临床版中对应的编码有{list}。')],
    },
  },
  {
    id: 'co_occurs_with',
    aliases: ['cooccurrence', 'co occurs with', 'cooccurs with', 'associated in literature'],
    subjectType: 'disease',
    objectType: 'disease',
    category: 'factual',
    en: {
      single: [
        t('{s} is frequently mentioned together with {o} in the MEDLINE literature.'),
        t('In MEDLINE abstracts, {s} often appears alongside {o}.'),
      ],
      list: [t('In MEDLINE, {s} frequently co-occurs with {list}.')],
    },
    zh: {
      single: [
        t('在MEDLINE文献中，{s}常与{o}同时出现。'),
        t('{s}与{o}在MEDLINE文献中经常被同时提及。'),
      ],
      list: [t('在MEDLINE文献中，{s}常与{list}一同被提及。')],
    },
  },
  {
    id: 'has_english_name',
    aliases: ['english name', 'eng name', 'name en'],
    subjectType: 'disease',
    objectType: 'entity',
    category: 'conceptual',
    en: {
      single: [t('The English name of {s} is {o}.'), t('{s} is called {o} in English.')],
      list: [t('In English, {s} goes by the names {list}.')],
    },
    zh: {
      single: [t('{s}的英文名称为{o}。'), t('{s}英文称作{o}。')],
      list: [t('{s}的英文名称有{list}。')],
    },
  },
  {
    id: 'has_omim_id',
    aliases: ['omim', 'omim id', 'xref omim'],
    subjectType: 'disease',
    objectType: 'code',
    category: 'factual',
    en: {
      single: [t('{s} is listed in OMIM as {o}.'), t('The OMIM entry for {s} is {o}.')],
      list: [t('{s} corresponds to the OMIM entries {list}.')],
    },
    zh: {
      single: [t('{s}在OMIM中的编号为{o}。'), t('{s}对应的OMIM条目是{o}。')],
      list: [t('{s}对应的OMIM条目有{list}。')],
    },
  },
  {
    id: 'has_orphanet_id',
    aliases: ['orpha', 'orphanet', 'orphanet id', 'xref orphanet'],
    subjectType: 'disease',
    objectType: 'code',
    category: 'factual',
    en: {
      single: [t('{s} is listed in Orphanet as {o}.'), t('The Orphanet entry for {s} is {o}.')],
      list: [t('{s} corresponds to the Orphanet entries {list}.')],
    },
    zh: {
      single: [t('{s}在Orphanet中的编号为{o}。'), t('{s}对应的Orphanet条目是{o}。')],
      list: [t('{s}对应的Orphanet条目有{list}。')],
    },
  },
  {
    id: 'has_phenotype',
    aliases: ['phenotype', 'has phenotype', 'clinical feature', 'hpo'],
    subjectType: 'disease',
    objectType: 'symptom',
    category: 'factual',
    en: {
      single: [t('{s} can manifest as {o}.'), t('One clinical feature of {s} is {o}.')],
      list: [t('Clinical features of {s} include {list}.')],
    },
    zh: {
      single: [t('{s}可表现出{o}。'), t('{s}的临床特征之一是{o}。')],
      list: [t('{s}的临床表现包括{list}。')],
    },
  },
  {
    id: 'has_drugbank_id',
    aliases: ['drugbank', 'drugbank id'],
    subjectType: 'drug',
    objectType: 'code',
    category: 'factual',
    en: {
      single: [t('{s} has the DrugBank identifier {o}.'), t('The DrugBank entry for {s} is {o}.')],
      list: [t('{s} has the DrugBank identifiers {list}.')],
    },
    zh: {
      single: [t('{s}的DrugBank编号为{o}。'), t('{s}在DrugBank中的条目是{o}。')],
      list: [t('{s}的DrugBank编号有{list}。')],
    },
  },
  // The 19 MedLAMA (UMLS 2021AA) relations, worded afresh.
  {
    id: 'associated_morphology_of',
    aliases: [],
    subjectType: 'entity',
    objectType: 'disease',
    category: 'conceptual',
    en: {
      single: [
        t('{s} is the morphology associated with {o}.'),
        t('{o} shows the morphologic change {s}.'),
      ],
      list: [t('{s} is the morphology associated with several conditions: {list}.')],
    },
    zh: {
      single: [t('{s}是{o}的相关形态学改变。'), t('{o}可见{s}这一形态学改变。')],
      list: [t('{s}是以下疾病的相关形态学改变：{list}。')],
    },
  },
  {
    id: 'disease_has_abnormal_cell',
    aliases: [],
    subjectType: 'disease',
    objectType: 'entity',
    category: 'factual',
    en: {
      single: [
        t('{s} is characterised by the abnormal cell {o}.'),
        t('The abnormal cells seen in {s} include {o}.'),
      ],
      list: [t('Abnormal cells seen in {s} include the following: {list}.')],
    },
    zh: {
      single: [t('{s}中可见异常细胞{o}。'), t('{s}的异常细胞为{o}。')],
      list: [t('{s}中可见的异常细胞有{list}。')],
    },
  },
  {
    id: 'disease_has_associated_anatomic_site',
    aliases: [],
    subjectType: 'disease',
    objectType: 'anatomy',
    category: 'factual',
    en: {
      single: [
        t('{s} is associated with the anatomic site {o}.'),
        t('The anatomic site involved in {s} is {o}.'),
      ],
      list: [t('{s} involves the following anatomic sites: {list}.')],
    },
    zh: {
      single: [t('{s}的相关解剖部位是{o}。'), t('{s}累及的解剖部位为{o}。')],
      list: [t('{s}累及的解剖部位包括{list}。')],
    },
  },
  {
    id: 'disease_has_normal_cell_origin',
    aliases: [],
    subjectType: 'disease',
    objectType: 'entity',
    category: 'conceptual',
    en: {
      single: [
        t('{s} arises from the normal cell {o}.'),
        t('The normal cell of origin of {s} is {o}.'),
      ],
      list: [t('{s} can arise from these normal cells: {list}.')],
    },
    zh: {
      single: [t('{s}起源于正常细胞{o}。'), t('{s}的正常细胞起源是{o}。')],
      list: [t('{s}可起源于以下正常细胞：{list}。')],
    },
  },
  {
    id: 'disease_has_normal_tissue_origin',
    aliases: [],
    subjectType: 'disease',
    objectType: 'anatomy',
    category: 'conceptual',
    en: {
      single: [
        t('{s} arises from the normal tissue {o}.'),
        t('The tissue of origin of {s} is {o}.'),
      ],
      list: [t('{s} can arise from these normal tissues: {list}.')],
    },
    zh: {
      single: [t('{s}起源于正常组织{o}。'), t('{s}的组织起源是{o}。')],
      list: [t('{s}可起源于以下正常组织：{list}。')],
    },
  },
  {
    id: 'disease_mapped_to_gene',
    aliases: [],
    subjectType: 'disease',
    objectType: 'gene',
    category: 'factual',
    en: {
      single: [t('{s} is mapped to the gene {o}.'), t('The gene linked to {s} is {o}.')],
      list: [t('{s} is mapped to these genes: {list}.')],
    },
    zh: {
      single: [t('{s}定位于基因{o}。'), t('与{s}相关联的基因是{o}。')],
      list: [t('{s}定位于以下基因：{list}。')],
    },
  },
  {
    id: 'disease_may_have_associated_disease',
    aliases: [],
    subjectType: 'disease',
    objectType: 'disease',
    category: 'factual',
    en: {
      single: [t('{s} may be accompanied by {o}.'), t('{o} can occur together with {s}.')],
      list: [t('{s} may be accompanied by other conditions, namely {list}.')],
    },
    zh: {
      single: [t('{s}可能伴发{o}。'), t('{s}可合并{o}。')],
      list: [t('{s}可能伴发以下疾病：{list}。')],
    },
  },
  {
    id: 'disease_may_have_finding',
    aliases: [],
    subjectType: 'disease',
    objectType: 'symptom',
    category: 'factual',
    en: {
      single: [t('{s} may show the finding {o}.'), t('A possible finding in {s} is {o}.')],
      list: [t('Possible findings in {s} include {list}.')],
    },
    zh: {
      single: [t('{s}可能出现{o}这一表现。'), t('{s}的可能表现之一是{o}。')],
      list: [t('{s}的可能表现包括{list}。')],
    },
  },
  {
    id: 'disease_may_have_molecular_abnormality',
    aliases: [],
    subjectType: 'disease',
    objectType: 'gene',
    category: 'factual',
    en: {
      single: [
        t('{s} may carry the molecular abnormality {o}.'),
        t('A molecular abnormality seen in {s} is {o}.'),
      ],
      list: [t('Molecular abnormalities seen in {s} include {list}.')],
    },
    zh: {
      single: [t('{s}可能存在分子异常{o}。'), t('{s}的分子异常之一是{o}。')],
      list: [t('{s}的分子异常包括{list}。')],
    },
  },
  {
    id: 'gene_associated_with_disease',
    aliases: [],
    subjectType: 'gene',
    objectType: 'disease',
    category: 'factual',
    en: {
      single: [t('The gene {s} is associated with {o}.'), t('{s} is a gene implicated in {o}.')],
      list: [t('The gene {s} is implicated in several diseases: {list}.')],
    },
    zh: {
      single: [t('基因{s}与{o}相关。'), t('{s}基因与{o}的发生有关。')],
      list: [t('{s}基因与以下疾病相关：{list}。')],
    },
  },
  {
    id: 'gene_encodes_gene_product',
    aliases: [],
    subjectType: 'gene',
    objectType: 'gene',
    category: 'factual',
    en: {
      single: [t('The gene {s} encodes {o}.'), t('{s} is the gene that codes for {o}.')],
      list: [t('The gene {s} encodes several products: {list}.')],
    },
    zh: {
      single: [t('基因{s}编码{o}。'), t('{s}基因的编码产物是{o}。')],
      list: [t('{s}基因的编码产物有{list}。')],
    },
  },
  {
    id: 'gene_product_encoded_by_gene',
    aliases: [],
    subjectType: 'gene',
    objectType: 'gene',
    category: 'factual',
    en: {
      single: [t('{s} is encoded by the gene {o}.'), t('{s} is a product of the gene {o}.')],
      list: [t('{s} is encoded by several genes: {list}.')],
    },
    zh: {
      single: [t('{s}由基因{o}编码。'), t('{s}是{o}基因的表达产物。')],
      list: [t('{s}由以下基因编码：{list}。')],
    },
  },
  {
    id: 'gene_product_has_associated_anatomy',
    aliases: [],
    subjectType: 'gene',
    objectType: 'anatomy',
    category: 'factual',
    en: {
      single: [
        t('The gene product {s} is associated with the anatomical structure {o}.'),
        t('{s} is a gene product found in the {o}.'),
      ],
      list: [t('The gene product {s} is associated with these anatomical structures: {list}.')],
    },
    zh: {
      single: [t('基因产物{s}与解剖结构{o}相关。'), t('{s}这一基因产物见于{o}。')],
      list: [t('基因产物{s}与以下解剖结构相关：{list}。')],
    },
  },
  {
    id: 'gene_product_has_biochemical_function',
    aliases: [],
    subjectType: 'gene',
    objectType: 'entity',
    category: 'conceptual',
    en: {
      single: [
        t('{s} has the biochemical function {o}.'),
        t('The biochemical function of {s} is {o}.'),
      ],
      list: [t('The biochemical functions of {s} include {list}.')],
    },
    zh: {
      single: [t('{s}具有{o}的生化功能。'), t('{s}的生化功能是{o}。')],
      list: [t('{s}的生化功能包括{list}。')],
    },
  },
  {
    id: 'gene_product_has_chemical_classification',
    aliases: [],
    subjectType: 'gene',
    objectType: 'category',
    category: 'conceptual',
    en: {
      single: [t('{s} is chemically classified as {o}.'), t('The chemical class of {s} is {o}.')],
      list: [t('{s} falls into these chemical classes: {list}.')],
    },
    zh: {
      single: [t('{s}在化学分类上属于{o}。'), t('{s}的化学类别是{o}。')],
      list: [t('{s}在化学分类上属于以下类别：{list}。')],
    },
  },
  {
    id: 'gene_product_plays_role_in_biological_process',
    aliases: [],
    subjectType: 'gene',
    objectType: 'entity',
    category: 'conceptual',
    en: {
      single: [t('{s} plays a role in {o}.'), t('{s} takes part in the biological process {o}.')],
      list: [t('{s} takes part in these biological processes: {list}.')],
    },
    zh: {
      single: [t('{s}参与{o}这一生物学过程。'), t('{s}在{o}中发挥作用。')],
      list: [t('{s}参与以下生物学过程：{list}。')],
    },
  },
  {
    id: 'has_physiologic_effect',
    aliases: [],
    subjectType: 'drug',
    objectType: 'entity',
    category: 'conceptual',
    en: {
      single: [
        t('{s} has the physiologic effect of {o}.'),
        t('A physiologic effect of {s} is {o}.'),
      ],
      list: [t('The physiologic effects of {s} include {list}.')],
    },
    zh: {
      single: [t('{s}具有{o}的生理效应。'), t('{s}的生理效应之一是{o}。')],
      list: [t('{s}的生理效应包括{list}。')],
    },
  },
  {
    id: 'may_prevent',
    aliases: ['prevents'],
    subjectType: 'drug',
    objectType: 'disease',
    category: 'procedural',
    en: {
      single: [t('{s} may help prevent {o}.'), t('{s} can be used to prevent {o}.')],
      list: [t('{s} may help prevent several conditions: {list}.')],
    },
    zh: {
      single: [t('{s}可能有助于预防{o}。'), t('{s}可用于预防{o}。')],
      list: [t('{s}可用于预防以下疾病：{list}。')],
    },
  },
  {
    id: 'may_treat',
    aliases: [],
    subjectType: 'drug',
    objectType: 'disease',
    category: 'procedural',
    en: {
      single: [t('{s} may be used to treat {o}.'), t('{o} may respond to treatment with {s}.')],
      list: [t('{s} may be used to treat several conditions: {list}.')],
    },
    zh: {
      single: [t('{s}可能用于治疗{o}。'), t('{s}或可用于{o}的治疗。')],
      list: [t('{s}可能用于治疗以下疾病：{list}。')],
    },
  },
  {
    id: 'occurs_after',
    aliases: [],
    subjectType: 'disease',
    objectType: 'disease',
    category: 'factual',
    en: {
      single: [t('{s} occurs after {o}.'), t('{s} can develop following {o}.')],
      list: [t('{s} can develop following any of these: {list}.')],
    },
    zh: {
      single: [t('{s}发生于{o}之后。'), t('{s}可继发于{o}。')],
      list: [t('{s}可继发于以下情况：{list}。')],
    },
  },
]

/** Generic templates for predicates without their own: they state the fact with its name. */
export const GENERIC_TEMPLATES: Readonly<Record<Language, string>> = {
  en: 'The {p} of {s} is {o}.',
  zh: '{s}的{p}是{o}。',
}

/** A predicate name in comparable form: camelCase split, `_`/`-` to space, lower case. */
export function predicateKey(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

const BY_KEY = new Map<string, PredicateDefinition>()
for (const definition of PREDICATES) {
  BY_KEY.set(predicateKey(definition.id), definition)
  for (const alias of definition.aliases) BY_KEY.set(predicateKey(alias), definition)
}

/** The canonical predicate for a name (its id or an alias), or undefined. */
export function findPredicate(name: string): PredicateDefinition | undefined {
  return BY_KEY.get(predicateKey(name))
}

/** The canonical id of a predicate name, or its {@link predicateKey} when it is not known. */
export function canonicalPredicate(name: string): string {
  return findPredicate(name)?.id ?? predicateKey(name)
}
