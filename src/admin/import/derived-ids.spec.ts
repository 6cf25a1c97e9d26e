import { describe, expect, it } from '@jest/globals';
import { actorStreamId, eventStreamId } from '../../diplomacy';
import { importedActorId, registrationEventId } from './import-batch';

/**
 * Golden values: the id of every actor the import registers from the GDELT and ICEWS excerpts (by
 * the refs src/imports/derived-ids.spec.ts pins), and the event id of its registration, computed once
 * from main at 8e40d9a. Stored actor streams are named by them: a second import must find the same
 * actors, so these may never change.
 */
const ACTORS: Array<[ref: string, actorId: string, registrationEventId: string]> = [
  ['cameo:AFR', '19c6a1dc-8020-5021-a854-e4a65f33f344', '6adf7fcc-6a70-5eca-acea-871354068d7d'],
  ['cameo:BRAGOV', '3ed03834-4988-55e2-944f-c7865bf33950', 'fb1683e2-3a2c-563c-ae81-71b6f3c99927'],
  ['cameo:BUS', 'f3555a22-5c4f-52dc-9914-596439909f36', '088a70e7-c8e5-527a-a096-974a6b46f8f4'],
  ['cameo:CHN', 'b1aaac56-8ec5-5264-a233-69f9f155aa6b', 'd76c2e58-1d49-5d5a-9b16-0b5b9a8c4a3c'],
  ['cameo:DEUGOV', '12c7afcf-83ec-50ba-970e-813cc7c10916', 'b8e18737-eeed-550b-9140-a5a22976be66'],
  ['cameo:EDU', '62212cca-ab2b-5717-aa07-ba8247b0cbb7', 'e58026b5-c564-5072-ae41-915d702a4390'],
  ['cameo:FRAGOV', 'fecae0cc-4bcb-54e8-b83c-295c7cb62620', '67f5bd0c-e80c-5449-82c4-3d033e76a18b'],
  ['cameo:IRN', '9547e4ed-8b4a-5fde-9e4c-ddf30b58922b', '4176b9d7-d954-50fe-9f86-8bf4b228058f'],
  ['cameo:ISR', '7a33a319-eebd-5a5e-86b0-4cb3cafccbf0', '258c5dab-e1f5-5de5-9d0f-bcbfa9118c10'],
  ['cameo:KEN', '7c83161d-dde5-5f85-92dc-a775494462c7', '882b5c10-f24b-548d-aed5-e4270826038e'],
  ['cameo:KUR', '9a638377-3b4b-5da5-9961-100a2806104d', '7e243450-5c36-5d86-92cc-4ae1dc37a7cc'],
  ['cameo:MMR', '9a5a8182-6b60-5067-9b2f-c9a320d9aecb', 'bbcdac1e-2086-5011-9533-3bb938cc1538'],
  ['cameo:MYS', 'd6c018a8-640f-5b69-99bf-969fbbe2f520', 'e14cdb08-27c5-5eac-b61e-f9cf0d6b8af9'],
  ['cameo:NORGOV', '41d9761e-1621-559e-90e8-8d1f8e9b1295', '20b09ead-e416-58a7-983c-fed99f504735'],
  ['cameo:PSE', '5e60dff4-6d96-5fc3-bb61-ac3faa65a796', '9bb9a3bd-a73e-55d1-ae61-021a0e51f606'],
  ['cameo:RUS', '60bdb89b-a90f-5480-a14b-f4eefaf82496', '093c97c1-e14b-5421-baac-f3ea4cbbdc39'],
  ['cameo:SEA', '29e6aba4-157f-5608-add8-9bf878f23d4e', 'a32d5044-3f93-5563-8655-bc2adfcd5fdd'],
  ['cameo:SYR', 'b8c70820-dc21-566a-8041-c3023dc98298', 'd70669a5-7fcb-5f02-ac0a-1d3f141cba92'],
  ['cameo:TUR', '0ceebc66-c3b9-5933-a70c-c4d6feff39b5', 'c8fc9efe-4fbc-589b-9d11-de8b53673b4f'],
  ['cameo:USA', '5cb6b049-2bf9-5e31-a604-ecd41d328931', '8bf27d37-480d-5280-bdb0-3eb1d143c207'],
  ['cameo:VEN', '55c2e414-27d7-5545-b7db-48b03169d184', '3f8d0347-f64e-5bf3-8a22-ce39f8138461'],
  ['name:ANGELA MERKEL|DEU', 'c256f8ed-1754-51d2-8ad1-2724b83627a0', '2a0fbc8f-bda9-5f2c-ad29-0695bc874433'],
  ['name:BENJAMIN NETANYAHU|ISR', 'b91d23f0-ea7c-5a7c-be0c-28ff6c308d37', 'e243c362-2ade-5dc5-95fd-e6afb6af229f'],
  [
    'name:CATHOLIC BISHOP NICARAGUA|NIC',
    '33fc1a7a-f06c-51c0-8c70-3131b3f7e423',
    '147e8085-9dca-582e-805e-162346a47780',
  ],
  ['name:CITIZEN JAPAN|JPN', '7196f3c3-0729-5008-990e-6b404138ea4c', '4d7716bb-4770-556c-abef-9474043d81b4'],
  ['name:DANIEL ORTEGA|NIC', '080fe3b0-7d8b-5e53-a0a8-85a01455f37a', 'b71e3124-7ab7-5f77-b7b9-838fbb66a03a'],
  ['name:DONALD TRUMP|USA', 'd7ef39c4-0dee-56dd-a684-464031641599', '3210bd23-f0f0-53a6-a393-2f57fcf3ff3d'],
  ['name:EMMANUEL MACRON|AND', '5630cf2c-cd1b-5f79-82ad-94bdbf632aac', 'a65c8544-078b-5792-af44-0d2d0871c635'],
  [
    'name:FOREIGN AFFAIRS BANGLADESH|BGD',
    'd59da1e6-25cb-5eaf-a7fc-478ed31a3955',
    '57815cfe-4694-5e40-885a-154b85d16d76',
  ],
  [
    'name:FOREIGN AFFAIRS PALESTINIAN TERRITORY OCCUPIED|PSE',
    '1692c467-1327-5cc4-999c-0002b6bc7c3c',
    'd326bbaa-c051-59b2-b1fa-4f74e9c5bb41',
  ],
  ['name:HEAD OF GOVERNMENT TOGO|TGO', '47238f20-b7b6-53d8-8278-079bb0d48efe', 'efdd0e0e-ff74-5fba-86db-175133e72068'],
  [
    'name:HIGH RANKING MILITARY PERSONNEL VIETNAM|VNM',
    '9728aab8-4482-5834-88c6-591ac0c59664',
    '502c41df-95a4-599e-8c8c-7dda3cf47b61',
  ],
  ['name:KIM DAEJUNG|KOR', '82c239b3-bae4-57f7-9661-0e7538c10e2c', 'e740f7d4-c98a-5073-be02-7b56e90edd3e'],
  ['name:KIM JONG IL|PRK', 'e01d6749-1492-595e-89bf-ea774aeb11ec', '3b3d819f-d7ab-513b-bc7c-f02485569b2e'],
  ['name:KIM JONG UN|PRK', '83648134-df3a-5a69-aac9-c725053501c3', '0d4ac861-a216-5545-bc43-e8bdd6d77728'],
  ['name:MINISTRY JAPAN|JPN', '32cce87f-5f48-526e-909e-698d51b563b6', '07bf355f-8d1b-56c1-9dbd-3c4f89cbff5c'],
  ['name:NICOLAS MADURO|VEN', '3f426263-ed0e-547d-a2e3-5b51a617277a', '66e48c27-a62e-57f4-8644-c5e5026e4201'],
  ['name:RECEP TAYYIP ERDOGAN|TUR', 'f02e510b-3907-5762-a0a3-5b8da2646b86', 'ec191297-e808-5a48-95f9-e1f4df1945c5'],
  ['name:SAULIUS SKVERNELIS|LTU', 'b57b57c7-ed0c-5032-a5ad-12e9b8edff2b', 'f67425fc-f6a9-574f-b86f-1a2905ad1dc7'],
  ['name:SENATE UNITED STATES|USA', '4350fd68-31d1-5ef4-b0ad-08870b94ae08', 'd98ad1de-5aa9-5755-9e3e-606b1bd4e41d'],
  ['name:UHURU|COD', '6afc286e-67ab-5fd1-9fd1-81c55e780d17', '481d8b29-aa76-5448-8c73-921518f87890'],
  ['name:UNITED NATIONS|', 'd332d054-1234-542d-a8a3-b344484a6dd3', '9444aa96-a125-5359-bf50-d145bb775047'],
  ['name:VLADIMIR PUTIN|RUS', '983024c6-7696-5a62-8d4a-15394676377b', '89c05a96-ca08-5093-a245-a13e2261529d'],
];

describe('ids derived by the import service (uuidFromText of src/diplomacy/derived-ids.ts, no namespace)', () => {
  it.each(ACTORS)('%s: actor %s, registered by event %s', (ref, actorId, registration) => {
    expect(importedActorId(ref)).toBe(actorId);
    expect(registrationEventId(actorId)).toBe(registration);
  });

  it('names the streams of those ids', () => {
    expect(actorStreamId(importedActorId('cameo:CHN'))).toBe('actor-b1aaac56-8ec5-5264-a233-69f9f155aa6b');
    expect(eventStreamId('91e06813-738f-5aef-99eb-6a227c718e8b')).toBe('event-91e06813-738f-5aef-99eb-6a227c718e8b');
  });
});
