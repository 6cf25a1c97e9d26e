import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { uuidFromText } from '../diplomacy/index';
import { eventIdFor, IMPORT_NAMESPACE, importId, sha256, sourceIdFor } from './ids';
import { parseNdjsonLine } from './ndjson';
import { collectFile, FIXTURES } from './testing/collect';
import type { ImportFormat } from './types';

/**
 * Golden values: the ids an import derives from what a source says, computed once from the code of
 * main at 8e40d9a and written out. Stored event and source ids depend on them (importing a file
 * again must name the same streams), so a change to any of them is a change to stored data, never
 * a refactoring. The ids of the actors an import registers are pinned in
 * src/admin/import/derived-ids.spec.ts; those of keyed commands in src/editorial/derived-ids.spec.ts.
 */
describe('ids derived by imports (uuidFromText of src/diplomacy/derived-ids.ts: RFC 9562 version 5 in IMPORT_NAMESPACE)', () => {
  it('keeps its namespace and computes the RFC test vector', () => {
    expect(IMPORT_NAMESPACE).toBe('6f1c2a8e-5b0d-4c3e-9a47-2d8e5f6b7c90');
    expect(uuidFromText('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives event, source and content ids from fixed text', () => {
    expect(eventIdFor('GDELT', '881991178')).toBe('91e06813-738f-5aef-99eb-6a227c718e8b');
    expect(eventIdFor('ICEWS', '32890295@2018-06-01')).toBe('38a40e14-a113-577f-af09-2b8ae4c0977d');
    expect(sha256('{}')).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(eventIdFor('NDJSON', `sha256:${sha256('{}')}`)).toBe('11389939-2707-5066-b6d1-a70fc3280b71');
    expect(sourceIdFor('ICEWS story 47401297')).toBe('7a475b62-71f9-5a68-b672-718b7ae8102b');
    // The domain check's stand-in for an actor not yet matched (never stored).
    expect(importId('actor:cameo:CHN')).toBe('e66c4e41-f95b-5209-8714-b7e89f15d804');
  });

  it('gives an NDJSON line without eventId the id of its content', () => {
    const line = JSON.stringify({
      kind: 'MEETING',
      title: 'Putin visits Tehran',
      start: { value: '2022-07-19', precision: 'DAY', timeZone: 'Asia/Tehran' },
      participants: [
        { actorId: 'bb83f452-ada1-4d01-8211-936646194367', role: 'GUEST' },
        { actorId: 'ae792064-cb82-4b4f-8da2-df3d3b54ca82', role: 'HOST' },
      ],
      meeting: { format: 'IN_PERSON', type: 'VISIT' },
    });
    expect(parseNdjsonLine({ lineNumber: 1, text: line })).toMatchObject({
      type: 'record',
      record: {
        eventId: 'a1c2b8d0-a58f-592d-88cc-d4840ac469d4',
        provenance: {
          source: 'NDJSON',
          contentHash: '4a3050ad8bfeaed81c1a0bf16a2710696e4e22f43d5ec123e904ed9258797fa1',
        },
      },
    });
  });

  // Per record of the excerpts: external id, event id, source ids, and the actor refs that
  // importedActorId turns into actor ids.
  const derived = async (file: string, format: ImportFormat) =>
    (await collectFile(join(FIXTURES, file), format)).flatMap((outcome) =>
      outcome.type === 'record'
        ? [
            `${outcome.record.externalId} ${outcome.record.eventId} sources ${(outcome.record.event.sources ?? []).map((source) => source.sourceId).join(',')} actors ${outcome.record.actors.map((actor) => actor.ref).join(',')}`,
          ]
        : [],
    );

  it('derives these ids from the GDELT excerpt', async () => {
    expect(await derived('gdelt-excerpt.CSV', 'gdelt')).toEqual([
      '881990835 ecac9fde-8dd7-553e-8dd0-c9b9c4317ef0 sources 9cd0bc02-6e83-519e-8fb4-c02b664c5e54 actors cameo:BUS,cameo:MYS',
      '881990842 8a35ddd7-9d51-5a79-ace6-1cfd5fe440ca sources 60b41539-4022-5bc2-9f30-0342ffb41abe actors cameo:EDU,cameo:RUS',
      '881990888 43ff8db5-91e6-5fef-89b0-c82f6b44db96 sources 168b9237-5736-5175-9783-0f93d600825e actors name:VLADIMIR PUTIN|RUS,cameo:SYR',
      '881990889 3d59c2c8-65ba-5318-8e9d-59acf2e55108 sources 168b9237-5736-5175-9783-0f93d600825e actors name:VLADIMIR PUTIN|RUS,cameo:TUR',
      '881991178 91e06813-738f-5aef-99eb-6a227c718e8b sources 1779a309-28a4-52f2-aabe-82604d01560f actors cameo:BRAGOV,cameo:CHN',
      '881991283 c642fb4a-51c7-5b8c-982e-bf0b7814fff0 sources 1779a309-28a4-52f2-aabe-82604d01560f actors cameo:CHN,cameo:BRAGOV',
      '881991447 193d5cae-94f8-5b18-bd7f-16e7a751492b sources efb492db-9cae-56e0-8c0e-18b907afabc6 actors cameo:DEUGOV,name:ANGELA MERKEL|DEU',
      '881991448 670860eb-d0e0-534b-a2fc-6915a9508607 sources efb492db-9cae-56e0-8c0e-18b907afabc6 actors name:ANGELA MERKEL|DEU,cameo:DEUGOV',
      '881991449 a1bdda45-7fda-5d34-8ad6-6476368adf56 sources efb492db-9cae-56e0-8c0e-18b907afabc6 actors cameo:DEUGOV,name:ANGELA MERKEL|DEU',
      '881991569 45c2b79f-0f98-551e-83c7-6b88256aae04 sources 580f869c-742f-5a34-895a-8c7187445e7f actors cameo:FRAGOV,cameo:USA',
      '881991942 3080d49c-c941-546d-89ed-f7acc3b02715 sources d711ee32-c24d-519d-83f0-934c56356561 actors cameo:IRN,cameo:SYR',
      '881991954 26d46968-fbcd-5232-82b3-40764f6f5c98 sources d711ee32-c24d-519d-83f0-934c56356561 actors cameo:IRN,cameo:KUR',
      '881992274 c95164aa-bd14-56aa-96b0-e197fece5d40 sources 8d055e87-72be-5eee-9390-7e383b44efa9 actors cameo:NORGOV,cameo:RUS',
    ]);
  });

  it('derives these ids from the ICEWS excerpt', async () => {
    expect(await derived('icews-excerpt.tab', 'icews')).toEqual([
      '32889836@2018-06-01 9b7f7cd7-994a-5727-a86c-7c7bde06781b sources 03523a6f-1ad6-5000-8c82-ac2e9da232fe actors name:FOREIGN AFFAIRS BANGLADESH|BGD,name:HIGH RANKING MILITARY PERSONNEL VIETNAM|VNM',
      '32891290@2018-06-01 ba015d24-e28c-5ee6-bf9e-b15063e728fd sources b132c329-acb0-56a3-9e4e-5b314c830ffe actors name:MINISTRY JAPAN|JPN,name:CITIZEN JAPAN|JPN',
      '32891170@2018-06-01 4957538d-e0fc-568e-8f52-e6a46404c55c sources 83ce7c40-8223-5d0a-afde-5391fcbc50f7 actors name:RECEP TAYYIP ERDOGAN|TUR,cameo:TUR',
      '32889842@2018-06-01 d8968a60-d61f-53d6-a52b-669f3e0c7174 sources 4ad37d48-fec2-5118-a2a8-4195a435a994 actors cameo:VEN,name:NICOLAS MADURO|VEN',
      '32891235@2018-06-01 e8f9a3bd-b245-5aee-9384-164a2aef4124 sources c7b05343-502d-54e8-b3fb-d8c67dac7c51 actors name:KIM JONG IL|PRK,name:KIM DAEJUNG|KOR',
      '32891495@2018-06-01 297d71ec-2306-5b81-90ac-4b6a8f3034cc sources 78caab1e-4d7a-5b21-991f-0439fd6f5494 actors name:SENATE UNITED STATES|USA,cameo:SEA',
      '32890295@2018-06-01 38a40e14-a113-577f-af09-2b8ae4c0977d sources 7a475b62-71f9-5a68-b672-718b7ae8102b actors name:VLADIMIR PUTIN|RUS,name:BENJAMIN NETANYAHU|ISR',
      '32891202@2018-06-01 3a775e9d-2744-5362-99e7-13f3047b3ecf sources 7615cb04-0fd9-5e0d-a7f4-0da09bb647aa actors cameo:PSE,name:SAULIUS SKVERNELIS|LTU',
      '32891197@2018-06-01 a9fcaf2c-c9ef-5e4f-8d98-41b8425d3806 sources 7615cb04-0fd9-5e0d-a7f4-0da09bb647aa actors name:FOREIGN AFFAIRS PALESTINIAN TERRITORY OCCUPIED|PSE,cameo:PSE',
      '32891405@2018-06-01 c621bfe1-e55a-5189-86eb-fa4182e2620c sources ad1bf127-8dd6-50b8-b006-3b3e11ffd72f actors cameo:MMR,name:UNITED NATIONS|',
      '32891329@2018-06-01 ba19c9f9-df57-5953-afc4-fa51ec1f9ab7 sources b08c8c76-32b9-5f78-9f0c-1529d8ba6b31 actors name:UHURU|COD,cameo:KEN',
      '32890575@2018-06-01 984f183d-57f0-537e-b44e-9e8359bb7f8a sources 8f203796-945b-5a47-bf76-5116f89692b7 actors cameo:ISR,cameo:RUS',
      '32890703@2018-06-01 96d0083e-1f4d-5719-8b4b-6a224a0bf2c0 sources 17f7da95-8f81-5df3-ad84-0bc26b2942b8 actors name:HEAD OF GOVERNMENT TOGO|TGO,cameo:AFR',
      '32888027@2018-06-01 0e63da9f-0d33-5bd1-a0d3-75e7f0536609 sources 7a527d66-ba73-5332-869c-16b14a4ffaff actors name:EMMANUEL MACRON|AND,name:DONALD TRUMP|USA',
      '32891897@2018-06-01 bd177243-64bb-5f74-996d-fbae4719a9fe sources 089c0231-77e3-5f81-ad30-22e96f977eef actors name:CATHOLIC BISHOP NICARAGUA|NIC,name:DANIEL ORTEGA|NIC',
      '32896381@2018-06-02 8cff17aa-353e-565b-9e97-65be3c4abd76 sources 4089d800-d658-5991-bbdb-4cb63a98d468 actors name:KIM JONG UN|PRK,name:DONALD TRUMP|USA',
    ]);
  });
});
