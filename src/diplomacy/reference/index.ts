export {
  cameoActorCodeProblem,
  cameoActorSegment,
  cameoEventLabel,
  cameoRootCode,
  isCameoActorCode,
  isCameoEventCode,
  listCameoEventCodes,
} from './cameo';
export type { CameoActorSegmentTable } from './cameo';
export { countryByIso3, countryCodeProblem, iso3FromFips, isIso3Country } from './country-lookup';
export type { CountryRecord } from './country-lookup';
export { COUNTRIES } from './countries';
export { CAPITAL_ZONES, countryTimeZone, defaultTimeZone, placeTimeZone } from './time-zones';
export type { PlaceZone, PlaceZoneBasis } from './time-zones';
