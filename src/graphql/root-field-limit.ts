import { GraphQLError, Kind, type SelectionSetNode, type ValidationRule, type FragmentDefinitionNode } from 'graphql';

/**
 * Limits the number of root fields in one operation (counting through fragments at the root),
 * so one request cannot fan out into hundreds of independent lookups. graphql-armor limits
 * aliases, depth and cost but not this.
 */
export function maxRootFieldsRule(maxRootFields: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const count = (set: SelectionSetNode, seen: Set<string>): number => {
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) total += 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) total += count(selection.selectionSet, seen);
        else if (!seen.has(selection.name.value)) {
          const fragment = fragments.get(selection.name.value);
          if (fragment) total += count(fragment.selectionSet, new Set([...seen, selection.name.value]));
        }
      }
      return total;
    };
    return {
      OperationDefinition(node) {
        const fields = count(node.selectionSet, new Set());
        if (fields > maxRootFields) {
          context.reportError(
            new GraphQLError(`Too many root fields: ${fields} (limit ${maxRootFields})`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          );
        }
      },
    };
  };
}
