import { resolveActor, type ActorFacts, type ActorKind } from '../context';
import type { Problem } from '../errors';
import { cameoActorCodeProblem } from '../reference/cameo';
import { countryCodeProblem } from '../reference/country-lookup';
import { checkEndNotBeforeStart, copyTemporalPoint, validateTemporalPoint, type TemporalPoint } from '../temporal';
import { checkList, checkOptionalText, checkText, describeValue, isRecord } from '../validation';
import type { ActorProfile, ActorRole } from './actor-types';

export const ACTOR_LIMITS = {
  name: 200,
  alias: 200,
  aliases: 50,
  roleTitle: 200,
  roleOfName: 200,
  roles: 100,
  reason: 2000,
} as const;

/** The profile as it will be recorded, or the problems that prevent it (paths relative to the command data). */
export function validateActorProfile(
  input: Record<string, unknown>,
  kind: ActorKind,
  facts: ActorFacts,
): { profile: ActorProfile; problems: Problem[] } {
  const problems: Problem[] = [];
  const name = checkText(input.name, ['name'], { label: 'name', min: 1, max: ACTOR_LIMITS.name }, problems) ?? '';
  const aliases = normaliseAliases(input.aliases ?? [], problems);

  let country: string | null = null;
  if (input.country === undefined || input.country === null) {
    if (kind === 'STATE')
      problems.push({ path: ['country'], message: 'a STATE needs a country: an ISO 3166-1 alpha-3 code such as RUS' });
  } else {
    const problem = countryCodeProblem(input.country);
    if (problem) problems.push({ path: ['country'], message: problem });
    else country = input.country as string;
  }

  let cameoCode: string | null = null;
  if (input.cameoCode !== undefined && input.cameoCode !== null && input.cameoCode !== '') {
    const problem = cameoActorCodeProblem(input.cameoCode);
    if (problem)
      problems.push({
        path: ['cameoCode'],
        message: `unknown CAMEO actor code ${describeValue(input.cameoCode)}: ${problem}`,
      });
    else cameoCode = input.cameoCode as string;
  }

  const roles = validateRoles(input.roles ?? [], facts, problems);
  return { profile: { name, aliases, country, cameoCode, roles }, problems };
}

/** Trimmed, and deduplicated ignoring case (the first spelling wins). */
function normaliseAliases(value: unknown, problems: Problem[]): string[] {
  const list = checkList(value, ['aliases'], 'aliases', Number.POSITIVE_INFINITY, problems) ?? [];
  const aliases: string[] = [];
  const seen = new Set<string>();
  list.forEach((raw, index) => {
    const alias = checkText(raw, ['aliases', index], { label: 'alias', min: 1, max: ACTOR_LIMITS.alias }, problems);
    if (alias === undefined || seen.has(alias.toLowerCase())) return;
    seen.add(alias.toLowerCase());
    aliases.push(alias);
  });
  if (aliases.length > ACTOR_LIMITS.aliases) {
    problems.push({
      path: ['aliases'],
      message: `at most ${ACTOR_LIMITS.aliases} aliases are allowed, got ${aliases.length}`,
    });
  }
  return aliases;
}

function validateRoles(value: unknown, facts: ActorFacts, problems: Problem[]): ActorRole[] {
  const list = checkList(value, ['roles'], 'roles', ACTOR_LIMITS.roles, problems) ?? [];
  const roles: ActorRole[] = [];
  list.forEach((raw, index) => {
    const path = ['roles', index];
    if (!isRecord(raw)) {
      problems.push({
        path,
        message: `a role must be { title, ofActorId?, ofName?, from, to? }, got ${describeValue(raw)}`,
      });
      return;
    }
    const before = problems.length;
    const title = checkText(
      raw.title,
      [...path, 'title'],
      { label: 'role title', min: 1, max: ACTOR_LIMITS.roleTitle },
      problems,
    );
    const ofName = checkOptionalText(
      raw.ofName === '' ? undefined : raw.ofName,
      [...path, 'ofName'],
      { label: 'ofName', min: 1, max: ACTOR_LIMITS.roleOfName },
      problems,
    );
    let ofActorId: string | undefined;
    if (raw.ofActorId !== undefined && raw.ofActorId !== null) {
      const of = resolveActor(raw.ofActorId, facts, [...path, 'ofActorId'], problems);
      if (of && of.kind === 'PERSON') {
        problems.push({
          path: [...path, 'ofActorId'],
          message: `a role is held in a STATE or ORGANIZATION, ${of.actorId} (${of.name}) is a PERSON`,
        });
      }
      ofActorId = of?.actorId;
    }
    const fromProblems = validateTemporalPoint(raw.from, [...path, 'from']);
    const toProblems = raw.to === undefined || raw.to === null ? [] : validateTemporalPoint(raw.to, [...path, 'to']);
    problems.push(...fromProblems, ...toProblems);
    if (fromProblems.length === 0 && toProblems.length === 0 && raw.to) {
      const order = checkEndNotBeforeStart(raw.from as TemporalPoint, raw.to as TemporalPoint, [...path, 'to'], {
        start: 'from',
        end: 'to',
      });
      if (order) problems.push(order);
    }
    if (problems.length > before) return;
    const role: ActorRole = { title: title!, from: copyTemporalPoint(raw.from as TemporalPoint) };
    if (ofActorId !== undefined) role.ofActorId = ofActorId;
    if (ofName !== undefined) role.ofName = ofName;
    if (raw.to) role.to = copyTemporalPoint(raw.to as TemporalPoint);
    roles.push(role);
  });
  return roles;
}
