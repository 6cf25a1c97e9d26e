import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/**
 * Fields whose Nest field resolver only loads what the parent object usually carries already: a
 * timeline page brings each participant's actor summary along, and an actor read in full brings
 * its aliases, roles and CAMEO code. Each is answered straight from the parent when it carries the
 * value (`defined`: any value but undefined, null included; `present`: neither null nor
 * undefined), exactly as the resolver would answer, and goes to the Nest resolver otherwise.
 *
 * Why: every call of a Nest field resolver goes through Nest's context creator and returns a
 * promise, and a page of 50 events has some 150 participants: that was a large part of a page's
 * server time. Field resolvers run without guards, interceptors or filters here (Nest's default
 * fieldResolverEnhancers is none), so skipping them for carried values changes nothing else.
 */
export const CARRIED_FIELDS: Record<string, Record<string, 'defined' | 'present'>> = {
  Participant: { actor: 'defined' },
  Actor: { aliases: 'present', roles: 'present', cameoCode: 'defined' },
};

export function answerCarriedFields(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(CARRIED_FIELDS)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`answerCarriedFields: no object type ${typeName} in the schema`);
    const map = type.getFields();
    for (const [fieldName, when] of Object.entries(fields)) {
      const field = map[fieldName];
      const resolve = field?.resolve as GraphQLFieldResolver<Record<string, unknown>, unknown> | undefined;
      if (!field || !resolve) throw new Error(`answerCarriedFields: ${typeName}.${fieldName} has no resolver`);
      field.resolve = (source, args, context, info) => {
        const value = source?.[fieldName];
        const carried = when === 'defined' ? value !== undefined : value !== undefined && value !== null;
        return carried ? value : resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
