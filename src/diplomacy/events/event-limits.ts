/** Sizes an event may have; text lengths count characters (code points) after trimming. */
export const EVENT_LIMITS = {
  title: 300,
  summary: 5000,
  placeName: 200,
  participants: 200,
  topics: 30,
  sources: 100,
  publisher: 200,
  url: 2000,
  sourceTitle: 500,
  excerpt: 2000,
  statementText: 10_000,
  terms: 10_000,
  links: 100,
  reason: 2000,
} as const;
