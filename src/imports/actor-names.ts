import { cameoActorSegment, countryByIso3, isIso3Country, type CameoActorSegmentTable } from '../diplomacy/index';
import { nameKey } from './title-case';

/**
 * Helpers both sources need to tell a person from an office, a place or a country. A name is
 * personal only when none of its words says office, body or place: "HILLARY CLINTON" is, "PRIME
 * MINISTER", "THE WHITE HOUSE" and "NEW HAMPSHIRE" are not.
 */
const NOT_PERSONAL = new Set(
  (
    'ADMINISTRATION AFFAIRS AGENCY AGENT ALLIANCE AMBASSADOR ARMED ARMY ASSEMBLY ASSOCIATION AUTHORITIES AUTHORITY ' +
    'BANK BOARD BUREAU CABINET CANDIDATE CENTRAL CHAMBER CHIEF CITIZEN CITIZENS CITY COALITION COAST COLLEGE COMMANDER ' +
    'COMMISSION COMMITTEE COMMUNITY COMPANY CONGRESS CORPORATION COUNCIL COUNTY COURT DEFENCE DEFENSE DEPARTMENT DEPUTY ' +
    'DIRECTOR DISTRICT EAST EMBASSY EXECUTIVE FEDERAL FEDERATION FINANCE FIRST FORCE FORCES FOREIGN FORUM FRONT FUND ' +
    'GENERAL GOVERNMENT GOVERNOR GROUP GUARD HOSPITAL HOUSE INSTITUTE INTELLIGENCE INTERIOR ISLAND ISLANDS KING KINGDOM ' +
    'LADY LEADER LEAGUE LEGISLATURE MAYOR MEDIA MILITARY MINIST MINISTER MINISTRY MOVEMENT NATIONAL NATIONS NAVY NEW ' +
    'NORTH OFFICE OFFICER OFFICIAL OFFICIALS OPPOSITION ORGANISATION ORGANIZATION PARLIAMENT PARTY PEOPLE POLICE ' +
    'PRESIDENT PRIME PRINCE PRINCESS PROVINCE PROVINCIAL QUEEN REGIME REGION REPUBLIC RESIDENTS SCHOOL SECRETARY ' +
    'SECURITY SENATE SERVICE SOUTH SPOKESMAN SPOKESPERSON SPOKESWOMAN STATE STATES THE TROOPS UNION UNITED UNIVERSITY WEST WHITE ' +
    'JANATA TALIBAN HAMAS HEZBOLLAH PRESS NEWS TIMES POST HERALD TRIBUNE JOURNAL TELEVISION RADIO BROADCASTING NETWORK ' +
    'CONFERENCE SHIMBUN RADA SABHA SENA SANGH MORCHA PARISHAD DUMA KNESSET MAJLIS YARD ADMINISTERED'
  ).split(' '),
);

/** Two to five words of letters, none of them NOT_PERSONAL, and not a place or country named nearby. */
export function looksPersonal(name: string, notNames: ReadonlySet<string>, minWords = 2): boolean {
  const key = nameKey(name);
  if (key === '' || name.includes('&') || /\d/.test(key) || notNames.has(key)) return false;
  const words = key.split(' ');
  return words.length >= minWords && words.length <= 5 && words.every((word) => !NOT_PERSONAL.has(word));
}

export function segmentLabel(segment: string, table: CameoActorSegmentTable): string | undefined {
  return cameoActorSegment(segment).find((entry) => entry.table === table)?.label;
}

/** GeoNames' name for an ISO-3 code, CAMEO's for a region (AFR Africa, WST The West). */
export function countryLabel(code: string): string | undefined {
  return isIso3Country(code) ? countryByIso3(code)!.name : segmentLabel(code, 'COUNTRY');
}

/** The ways a country may be named nearby, as name keys, so that "SRI LANKA" is not a person. */
export function countryNameKeys(code: string | undefined): string[] {
  if (!code) return [];
  return [countryLabel(code), segmentLabel(code, 'COUNTRY')].filter((n): n is string => n !== undefined).map(nameKey);
}
