import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ROLES, type Role } from './api-key';

/**
 * The roles as the CLI (`npm run keys -- create --role editor`) and FORBIDDEN's extensions spell
 * them: lower case, so that a client compares one vocabulary everywhere.
 */
const ApiKeyRoleEnum = Object.fromEntries(ROLES.map((role) => [role, role])) as Record<Role, Role>;
registerEnumType(ApiKeyRoleEnum, {
  name: 'ApiKeyRole',
  description: 'reader: queries; editor: also records and corrects events and actors; admin: everything',
});

@ObjectType({ description: 'Who is calling: the API key the request was sent with' })
export class Viewer {
  @Field({ description: 'The key’s name, as created with `npm run keys -- create --name`' })
  name!: string;

  @Field(() => ApiKeyRoleEnum)
  role!: Role;
}
