/**
 * What the synthetic logs share (the tests' appendSyntheticLog and bench:timeline's log): a small
 * seeded generator, so that a seed gives the same log on every run, and the CAMEO codes they draw
 * for each kind of event.
 */
export type Rng = () => number;

/** mulberry32: 32 bits of state, fast, and good enough for test data (not for anything secret). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MEETING_CODES = {
  VISIT: ['042', '043'],
  BILATERAL: ['040', '044', '046', '036'],
  SUMMIT: ['040', '044', '046'],
} as const;
export const STATEMENT_CODES = ['010', '012', '013', '017', '019', '051'];
export const AGREEMENT_CODES = ['057', '050', '061'];

/**
 * Word lists for names, titles, topics, sources and headlines. bench:timeline draws from all of
 * each; the tests' smaller log from a prefix of each (see synthetic-log.ts), so both stay as they were.
 */
export const FIRST_NAMES = [
  'Ahmad',
  'Anna',
  'Boris',
  'Carlos',
  'Chen',
  'Dmitri',
  'Elena',
  'Fatima',
  'Hassan',
  'Ingrid',
  'Jean',
  'Kenji',
  'Lucia',
  'Mohammed',
  'Nadia',
  'Olaf',
  'Pedro',
  'Recep',
  'Sergei',
  'Wang',
  'Yusuf',
  'Zhang',
  'Amina',
  'Luis',
  'Marta',
  'Abdullah',
  'Ji-ho',
  'Sofia',
  'Emmanuel',
  'Olena',
  'Hamid',
  'Priya',
];
export const LAST_NAMES = [
  'Abbasi',
  'Bauer',
  'Castillo',
  'Demir',
  'Ebrahimi',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ivanov',
  'Jensen',
  'Kim',
  'Lavrov',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Qureshi',
  'Rossi',
  'Silva',
  'Tanaka',
  'Usmanov',
  'Volkov',
  'Wei',
  'Yilmaz',
  'Zarif',
  'Kovalenko',
  'Singh',
  'Mensah',
  'Al-Thani',
  'Novak',
];
export const TITLES = [
  'President',
  'Prime Minister',
  'Foreign Minister',
  'Defence Minister',
  'Envoy',
  'Ambassador',
  'Speaker of Parliament',
  'Trade Minister',
  'National Security Adviser',
];
export const TOPICS = [
  'trade',
  'energy',
  'security',
  'nuclear-programme',
  'sanctions',
  'syria',
  'ukraine',
  'climate',
  'migration',
  'national-currencies',
  'oil',
  'gas-pipeline',
  'arms-control',
  'terrorism',
  'humanitarian-aid',
  'grain-exports',
  'border-dispute',
  'investment',
  'tourism',
  'health',
  'water',
  'space',
  'cyber-security',
  'elections',
  'human-rights',
  'maritime-security',
  'debt-relief',
  'fisheries',
  'refugees',
  'peace-talks',
  'prisoner-exchange',
  'visa-regime',
  'railways',
  'ports',
  'semiconductors',
  'food-security',
  'education',
  'culture',
  'aviation',
  'rare-earths',
];
export const PUBLISHERS = [
  ['Reuters', 'https://www.reuters.com/world/'],
  ['AP', 'https://apnews.com/article/'],
  ['AFP', 'https://www.afp.com/en/news/'],
  ['BBC', 'https://www.bbc.com/news/'],
  ['Al Jazeera', 'https://www.aljazeera.com/news/'],
  ['TASS', 'https://tass.com/politics/'],
  ['IRNA', 'https://en.irna.ir/news/'],
  ['Xinhua', 'https://english.news.cn/'],
  ['Anadolu', 'https://www.aa.com.tr/en/'],
  ['Kyodo', 'https://english.kyodonews.net/news/'],
] as const;
export const VERBS = [
  'discussed',
  'reviewed',
  'agreed to expand',
  'expressed concern about',
  'called for progress on',
  'pledged cooperation on',
  'exchanged views on',
  'criticised the handling of',
  'welcomed steps on',
  'warned against delays in',
];
export const NOUNS = [
  'bilateral trade',
  'regional security',
  'energy supplies',
  'the humanitarian situation',
  'the nuclear file',
  'sanctions relief',
  'border crossings',
  'grain shipments',
  'joint investment projects',
  'the ceasefire',
  'a pipeline route',
  'visa-free travel',
  'currency swaps',
  'the prisoner exchange',
  'port access',
  'desalination plants',
  'fishing quotas',
  'railway links',
  'debt restructuring',
  'election observers',
];
