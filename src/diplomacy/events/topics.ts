/**
 * Topics are tags: "National currencies" and "national_currencies" are one topic,
 * national-currencies. Normalising cannot turn every input into a tag, so the result is checked.
 */
export const TOPIC_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const TOPIC_MAX_LENGTH = 50;

export function normaliseTopic(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-{2,}/g, '-');
}

/** Why a normalised topic is not a tag; undefined when it is one. */
export function topicProblem(raw: string, topic: string): string | undefined {
  if (topic.length === 0) return 'topic must not be empty';
  if (topic.length > TOPIC_MAX_LENGTH) return `topic "${topic}" is longer than ${TOPIC_MAX_LENGTH} characters`;
  if (!TOPIC_PATTERN.test(topic)) {
    const shown = raw === topic ? `"${raw}"` : `"${raw}" (normalised "${topic}")`;
    return `topic ${shown} is not a tag: use letters a-z, digits and single dashes, such as national-currencies`;
  }
  return undefined;
}
