import { cameoEventLabel, cameoRootCode, type MeetingFormat, type ParticipantRole } from '../diplomacy/index';

/**
 * Which CAMEO event codes become which kind of event; MAPPING.md explains every choice. Actor1
 * is CAMEO's source (who acts), Actor2 its target.
 */
export type MeetingPlan = {
  format: MeetingFormat;
  type: 'VISIT' | 'BILATERAL';
  actor1Roles: ParticipantRole[];
  actor2Roles: ParticipantRole[];
  /** For titles: "consultations", "phone call". */
  noun: string;
};

export type Classification =
  | { scope: 'IN'; kind: 'STATEMENT' }
  | { scope: 'IN'; kind: 'MEETING'; meeting: MeetingPlan }
  | { scope: 'IN'; kind: 'AGREEMENT' }
  | { scope: 'OUT'; reason: string }
  | { scope: 'REFUSED'; reason: string };

const BILATERAL = (noun: string, format: MeetingFormat = 'IN_PERSON'): MeetingPlan => ({
  format,
  type: 'BILATERAL',
  actor1Roles: ['PARTICIPANT'],
  actor2Roles: ['PARTICIPANT'],
  noun,
});

const MEETINGS: Record<string, MeetingPlan> = {
  '04': BILATERAL('consultations'),
  '040': BILATERAL('consultations'),
  '041': BILATERAL('phone call', 'PHONE'),
  // 042 "Make a visit": the source travels to the target. 043 "Host a visit": the reverse.
  '042': { format: 'IN_PERSON', type: 'VISIT', actor1Roles: ['GUEST'], actor2Roles: ['HOST'], noun: 'visit' },
  '043': { format: 'IN_PERSON', type: 'VISIT', actor1Roles: ['HOST'], actor2Roles: ['GUEST'], noun: 'visit' },
  '044': BILATERAL('meeting at a third location'),
  // The mediator also sits at the table: the domain counts only HOST, GUEST and PARTICIPANT as
  // parties, and a BILATERAL meeting needs two of them.
  '045': {
    format: 'IN_PERSON',
    type: 'BILATERAL',
    actor1Roles: ['PARTICIPANT', 'MEDIATOR'],
    actor2Roles: ['PARTICIPANT'],
    noun: 'mediation',
  },
  '046': BILATERAL('negotiations'),
};

/** Verbal cooperation (02, 03, 05) and verbal conflict (09-13): things said, kept with allEvents. */
const VERBAL_ROOTS = new Set(['02', '03', '05', '09', '10', '11', '12', '13']);

export function classifyEventCode(code: string, allEvents = false): Classification {
  const root = cameoRootCode(code);
  if (root === '01' || code === '036') return { scope: 'IN', kind: 'STATEMENT' };
  const meeting = MEETINGS[code];
  if (meeting) return { scope: 'IN', kind: 'MEETING', meeting };
  if (code === '057') return { scope: 'IN', kind: 'AGREEMENT' };
  const label = `CAMEO ${code} (${cameoEventLabel(code) ?? 'unknown'})`;
  if (!allEvents) return { scope: 'OUT', reason: `out of scope: ${label} is not a meeting, statement or agreement` };
  if (root !== undefined && VERBAL_ROOTS.has(root)) return { scope: 'IN', kind: 'STATEMENT' };
  const rootLabel = root ? cameoEventLabel(root) : undefined;
  return {
    scope: 'REFUSED',
    reason:
      `material action: ${label}, root ${root} ${rootLabel ?? ''}`.trim() +
      ', is not a meeting, statement or agreement, even with allEvents',
  };
}

const IRREGULAR: Record<string, string> = {
  make: 'made',
  meet: 'met',
  forgive: 'forgave',
  bring: 'brought',
  find: 'found',
  give: 'gave',
  hold: 'held',
  seek: 'sought',
  take: 'took',
};

function pastTense(verb: string): string {
  const lower = verb.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower];
  if (lower.endsWith('e')) return `${lower}d`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ied`;
  return `${lower}ed`;
}

/** "Make pessimistic comment" → "made a pessimistic comment"; "Appeal, not specified below" → "appealed". */
export function pastTensePhrase(label: string): string {
  const cleaned = label
    .replace(/,?\s*not specified below/i, '')
    .trim()
    .toLowerCase();
  const [verb = '', ...rest] = cleaned.split(/\s+/);
  let tail = rest.join(' ').replace(/^,\s*/, '');
  if (verb === 'make' && tail !== '' && !/^(a|an|the)\b/.test(tail))
    tail = `${/^[aeiou]/.test(tail) ? 'an' : 'a'} ${tail}`;
  return tail === '' ? pastTense(verb) : `${pastTense(verb)} ${tail}`;
}
