import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { ALWAYS_CARRIED_DOC_KEYS, EVENT_DOC_KEYS } from './queries';

/**
 * The fields a query asks of each event of a timeline connection (edges { node { ... } }),
 * fragments followed; undefined when the selection cannot be read (it is then taken as asking
 * for everything). @skip/@include are ignored: a field they may drop counts as asked for.
 */
export function requestedNodeFields(info: GraphQLResolveInfo): Set<string> | undefined {
  const fields = new Set<string>();
  let readable = true;
  const visit = (selectionSet: SelectionSetNode | undefined, path: string[], seen: Set<string>): void => {
    if (!selectionSet) return;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        onField(selection, path, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, path, seen);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!fragment) readable = false;
        else if (!seen.has(fragment.name.value))
          visit(fragment.selectionSet, path, new Set([...seen, fragment.name.value]));
      }
    }
  };
  const onField = (field: FieldNode, path: string[], seen: Set<string>) => {
    const name = field.name.value;
    if (path.length === 0 && name === 'edges') visit(field.selectionSet, ['edges'], seen);
    else if (path.length === 1 && name === 'node') visit(field.selectionSet, ['edges', 'node'], seen);
    else if (path.length === 2) fields.add(name);
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, [], new Set());
  return readable ? fields : undefined;
}

/** GraphQL fields of DiplomaticEvent read from doc members of another name. */
const DOC_KEY_OF: Record<string, string> = {
  id: 'eventId',
  cameoLabel: 'cameoCode',
  sourceCount: 'sources',
  publisherCount: 'sources',
  publishers: 'sources',
  mergedIntoId: 'mergedInto',
  // Pages read it from the read model's report_count column: no doc member needed.
  reportCount: 'eventId',
};

/**
 * The doc members a page need not carry for these fields: what the query layer may leave out of
 * each event (TimelineOptions.omitDocKeys). Nothing when the selection is unknown.
 */
export function docKeysToOmit(fields: Set<string> | undefined): string[] {
  if (!fields) return [];
  const needed = new Set(ALWAYS_CARRIED_DOC_KEYS);
  for (const field of fields) needed.add(DOC_KEY_OF[field] ?? field);
  return EVENT_DOC_KEYS.filter((key) => !needed.has(key));
}
