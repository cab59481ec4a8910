/**
 * The topics the code names: each topic command shows one, and a few rules read one (a level
 * question, a salary comparison). Topics themselves are data (data/topics.json, one file per
 * occupation), so this list is held against the data: `topicIdsMissing` says which named topic
 * a topics file lacks, and the tests check the shipped file and the fixture occupation's. A new
 * occupation may add topics freely; only these need to exist for every command to have content.
 */
export const TOPIC_IDS = [
  'salary',
  'education',
  'training',
  'fitness',
  'security-clearance',
  'duties',
  'work-activities',
  'technology',
  'skills',
  'knowledge',
  'abilities',
  'interests',
  'work-values',
  'work-styles',
  'levels',
  'roles',
  'challenges',
  'rewards',
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

/** The named topics a topics file does not define. */
export const topicIdsMissing = (topics: readonly { id: string }[]): TopicId[] =>
  TOPIC_IDS.filter((id) => !topics.some((t) => t.id === id));
