/**
 * Recorded consultations as responses: DISC-MedLLM's dialogue files hold each case's
 * conversation as a list of turns (`[{role: "patient" | "doctor", content}]`; OpenAI-style
 * `user`/`assistant` turns are read the same way). A judge reads one text, so a turn list is
 * turned into one: by default the whole consultation as a transcript, because DISC-MedLLM's
 * GPT-4 judge scored the whole conversation and an agreement figure needs both judges to read the
 * same material.
 */

/** How a turn list becomes the response text. */
export type ConversationMode = 'transcript' | 'doctor' | 'last'

/** The accepted {@link ConversationMode} values, default first. */
export const CONVERSATION_MODES: readonly ConversationMode[] = ['transcript', 'doctor', 'last']

/** One turn of a recorded consultation. */
export interface ConversationTurn {
  /** `doctor` for the model's turns, `patient` for the other side. */
  speaker: 'doctor' | 'patient'
  content: string
}

const DOCTOR_ROLES = new Set(['doctor', 'assistant', 'model', 'gpt', '医生'])
const PATIENT_ROLES = new Set(['patient', 'user', 'human', '患者', '病人'])

/**
 * Reads a turn list; returns undefined when the value is not a non-empty list of
 * `{role, content}` objects with known roles (`doctor`/`assistant`, `patient`/`user`).
 */
export function readConversation(value: unknown): ConversationTurn[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined
  const turns: ConversationTurn[] = []
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined
    const record = entry as Record<string, unknown>
    const role = typeof record.role === 'string' ? record.role.trim().toLowerCase() : ''
    if (typeof record.content !== 'string') return undefined
    if (DOCTOR_ROLES.has(role)) turns.push({ speaker: 'doctor', content: record.content.trim() })
    else if (PATIENT_ROLES.has(role))
      turns.push({ speaker: 'patient', content: record.content.trim() })
    else return undefined
  }
  return turns
}

/**
 * The response text of a consultation: `transcript` (every turn, labelled 患者： or 医生：, blank
 * lines between), `doctor` (the doctor's turns only, blank lines between) or `last` (the last
 * doctor turn). Empty when the doctor never spoke.
 */
export function conversationText(
  turns: readonly ConversationTurn[],
  mode: ConversationMode = 'transcript',
): string {
  const doctor = turns.filter((turn) => turn.speaker === 'doctor' && turn.content !== '')
  if (doctor.length === 0) return ''
  if (mode === 'last') return doctor.at(-1)?.content ?? ''
  if (mode === 'doctor') return doctor.map((turn) => turn.content).join('\n\n')
  return turns
    .filter((turn) => turn.content !== '')
    .map((turn) => `${turn.speaker === 'doctor' ? '医生' : '患者'}：${turn.content}`)
    .join('\n\n')
}
