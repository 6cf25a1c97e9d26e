import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  Field,
  GraphQLSchemaBuilderModule,
  GraphQLSchemaFactory,
  Int,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { execute, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { plainFields } from './plain-fields';

@ObjectType()
class Thing {
  @Field()
  name!: string;

  @Field(() => Int, { nullable: true, defaultValue: 7 })
  size?: number;

  @Field(() => [String])
  tags!: string[];
}

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => Thing)
  thing(): Thing {
    return { name: 'lamp', tags: ['a', 'b'] };
  }

  @ResolveField(() => String)
  shout(@Parent() thing: Thing): string {
    return thing.name.toUpperCase();
  }
}

/** The schema as Nest builds it for code-first types: every @Field has a resolver of its own. */
describe('plainFields', () => {
  let moduleRef: TestingModule;
  let built: GraphQLSchema;
  const thingFields = (schema: GraphQLSchema) => (schema.getType('Thing') as GraphQLObjectType).getFields();

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [GraphQLSchemaBuilderModule] }).compile();
    built = await moduleRef.get(GraphQLSchemaFactory).create([ThingResolver]);
    // As GraphQLFactory does for the service: the resolver class's methods replace the
    // property-copying resolvers of the root field and of the @ResolveField.
    const resolver = new ThingResolver();
    (built.getType('Query') as GraphQLObjectType).getFields().thing!.resolve = () => resolver.thing();
    thingFields(built).shout!.resolve = (thing: Thing) => resolver.shout(thing);
  });
  afterAll(async () => moduleRef.close());

  it('finds what Nest builds: a property-copying resolver on each plain field', () => {
    expect(thingFields(built).name!.resolve?.name).toBe('rootFieldResolver');
    expect(thingFields(built).tags!.resolve?.name).toBe('rootFieldResolver');
  });

  it('leaves plain fields without a resolver, and keeps defaults and real resolvers', () => {
    const schema = plainFields(built);
    const fields = thingFields(schema);
    expect(fields.name!.resolve).toBeUndefined();
    expect(fields.tags!.resolve).toBeUndefined();
    // A default value is answered by Nest's resolver only.
    expect(fields.size!.resolve).toBeDefined();
    expect(fields.shout!.resolve).toBeDefined();
    expect((schema.getType('Query') as GraphQLObjectType).getFields().thing!.resolve).toBeDefined();
  });

  it('answers what Nest answered', async () => {
    const schema = plainFields(built);
    const document = parse('{ thing { name size tags shout } }');
    const expected = { data: { thing: { name: 'lamp', size: 7, tags: ['a', 'b'], shout: 'LAMP' } } };
    expect(JSON.parse(JSON.stringify(await execute({ schema, document })))).toEqual(expected);
  });
});
