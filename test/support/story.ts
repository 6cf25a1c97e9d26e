/**
 * The 19 July 2022 Tehran talks (as the seed article tells them) as GraphQL inputs, for e2e tests.
 * Ids are fixed so tests can refer to them.
 */
export const ids = {
  putin: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a01',
  khamenei: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a02',
  raisi: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a03',
  erdogan: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a04',
  russia: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a05',
  iran: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a06',
  turkey: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a07',
  syria: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a08',
  putinDuplicate: '0b3f1a9e-7d0c-4b52-9a61-3c1e2f4d5a09',
};

export const tehranDay = { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' };

export const actors = [
  {
    actorId: ids.russia,
    kind: 'STATE',
    name: 'Russia',
    country: 'RUS',
    cameoCode: 'RUS',
    aliases: ['Russian Federation'],
  },
  { actorId: ids.iran, kind: 'STATE', name: 'Iran', country: 'IRN', cameoCode: 'IRN' },
  { actorId: ids.turkey, kind: 'STATE', name: 'Turkey', country: 'TUR', cameoCode: 'TUR', aliases: ['Türkiye'] },
  { actorId: ids.syria, kind: 'STATE', name: 'Syria', country: 'SYR', cameoCode: 'SYR' },
  {
    actorId: ids.putin,
    kind: 'PERSON',
    name: 'Vladimir Putin',
    country: 'RUS',
    cameoCode: 'RUSGOV',
    aliases: ['VLADIMIR PUTIN', 'Putin'],
    roles: [
      {
        title: 'President',
        ofActorId: ids.russia,
        from: { value: '2012-05-07', precision: 'DAY', timeZone: 'Europe/Moscow' },
      },
    ],
  },
  {
    actorId: ids.khamenei,
    kind: 'PERSON',
    name: 'Ali Khamenei',
    country: 'IRN',
    aliases: ['Ayatollah Ali Khamenei', 'Khamenei'],
    roles: [
      {
        title: 'Supreme Leader',
        ofActorId: ids.iran,
        from: { value: '1989-06-04', precision: 'DAY', timeZone: 'Asia/Tehran' },
      },
    ],
  },
  {
    actorId: ids.raisi,
    kind: 'PERSON',
    name: 'Ebrahim Raisi',
    country: 'IRN',
    roles: [
      {
        title: 'President',
        ofActorId: ids.iran,
        from: { value: '2021-08-03', precision: 'DAY', timeZone: 'Asia/Tehran' },
        to: { value: '2024-05-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
      },
    ],
  },
  {
    actorId: ids.erdogan,
    kind: 'PERSON',
    name: 'Recep Tayyip Erdogan',
    country: 'TUR',
    aliases: ['Tayyip Erdogan', 'Erdogan'],
  },
];

export const visitWithSlip = {
  kind: 'MEETING',
  title: 'Putin visits Iran',
  summary: 'Putin’s visit to Iran and Saudi Arabia sends a strong message to the West.',
  start: tehranDay,
  location: { placeName: 'Tehran', country: 'IRN', coordinates: { lat: 35.6892, lon: 51.389 } },
  participants: [
    { actorId: ids.putin, role: 'GUEST' },
    { actorId: ids.khamenei, role: 'HOST' },
  ],
  topics: ['Syria', 'Ukraine', 'national currencies'],
  meeting: { format: 'IN_PERSON', type: 'VISIT' },
  sources: [
    {
      publisher: 'Reuters',
      title: 'Putin forges ties with Iran’s supreme leader in Tehran talks',
      publishedAt: tehranDay,
      excerpt: 'Russian President Vladimir Putin met with Supreme Leader Ayatollah Ali Khamenei in Iran on Tuesday',
    },
  ],
};

export const currenciesStatement = {
  kind: 'STATEMENT',
  title: 'Khamenei urges trade in national currencies',
  start: tehranDay,
  participants: [
    { actorId: ids.khamenei, role: 'SPEAKER' },
    { actorId: ids.putin, role: 'ADDRESSEE' },
  ],
  topics: ['national-currencies'],
  statement: {
    speakerId: ids.khamenei,
    mode: 'PARAPHRASE',
    text: 'Countries should start using their own national currencies when trading goods.',
    language: 'en',
    addresseeIds: [ids.putin],
  },
};

export const syriaAgreement = {
  kind: 'AGREEMENT',
  title: 'Russia, Iran and Turkey agree to keep consulting on Syria',
  start: tehranDay,
  participants: [
    { actorId: ids.putin, role: 'SIGNATORY' },
    { actorId: ids.raisi, role: 'SIGNATORY' },
    { actorId: ids.erdogan, role: 'SIGNATORY' },
  ],
  topics: ['syria'],
  agreement: {
    partyIds: [ids.putin, ids.raisi, ids.erdogan],
    terms: 'Continue consultation on Syria and maintain efforts to normalize the situation.',
    status: 'SIGNED',
  },
};
