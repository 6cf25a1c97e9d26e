import { Args, Query, Resolver } from '@nestjs/graphql';
import { COUNTRIES, countryCodeProblem, defaultTimeZone, EVENT_LIMITS } from '../../diplomacy';
import { badUserInput } from '../../graphql/errors';
import { PlaceTimeZone } from './place-time-zone.model';

const iso3Of: ReadonlyMap<string, string> = new Map(COUNTRIES.map((country) => [country.iso2, country.iso3]));

/**
 * The zone a date defaults to where an event took place, for a form that fills it in (the
 * console's record form) without shipping a zone library to the browser. An in-memory lookup:
 * its limits are the place name's length (an event's placeName's) and the code's shape.
 */
@Resolver()
export class TimeZoneResolver {
  @Query(() => PlaceTimeZone, {
    nullable: true,
    description:
      'The IANA zone a date at this place defaults to: the place’s own when the zone library knows it, else ' +
      'its country’s (the capital’s when the country has several); null when none is known',
  })
  timeZoneOf(
    @Args('country', { type: () => String, nullable: true, description: 'ISO 3166-1 alpha-3, such as IRN' })
    country?: string | null,
    @Args('place', { type: () => String, nullable: true, description: 'A place name, such as Vladivostok' })
    place?: string | null,
  ): PlaceTimeZone | null {
    if (country != null) {
      // A long value is not echoed back in the message.
      const problem =
        country.length > 3
          ? `country must be an ISO 3166-1 alpha-3 code such as RUS, got ${country.length} characters`
          : countryCodeProblem(country);
      if (problem) throw badUserInput(problem, 'country');
    }
    if (place != null && place.length > EVENT_LIMITS.placeName)
      throw badUserInput(`place must be at most ${EVENT_LIMITS.placeName} characters, got ${place.length}`, 'place');
    if (country == null && !place?.trim()) throw badUserInput('give a country, a place, or both', 'country');
    const found = defaultTimeZone({ country: country ?? undefined, place: place ?? undefined });
    if (!found) return null;
    return {
      timeZone: found.timeZone,
      basis: found.basis,
      country: iso3Of.get(found.countryIso2) ?? found.countryIso2,
    };
  }
}
