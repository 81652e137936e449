/**
 * Three RL items (exam, drug, test ordering) and a correct response to each: the fixture the
 * export-and-reward tests and the engine tests share.
 */
export const sampleItems = [
  {
    id: 'q1',
    prompt: 'Which drug is first line for type 2 diabetes? A. insulin B. metformin',
    task: 'exam',
    ground_truth: { answer: 'B' },
    data_source: 'demo-exam',
  },
  {
    id: 'q2',
    prompt: [{ role: 'user', content: 'Which drugs would you start for HFrEF?' }],
    task: 'drug',
    ground_truth: { drugs: ['sacubitril', 'bisoprolol'] },
  },
  {
    id: 'q3',
    prompt: 'Chest pain in a 60-year-old man: which tests first?',
    task: 'test_ordering',
    ground_truth: { tests: ['electrocardiogram', 'troponin'] },
  },
]

/** A correct response to each of {@link sampleItems}, by id. */
export const sampleCorrectResponses: Record<string, string> = {
  q1: 'Metformin is first line. The answer is B.',
  q2: '{"drugs": ["sacubitril", "bisoprolol"]}',
  q3: 'Order an ECG and a high-sensitivity troponin.',
}
