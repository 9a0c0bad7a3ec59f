import { GraphQLError, Kind, type SelectionSetNode, type ValidationRule, type FragmentDefinitionNode } from 'graphql';

/**
 * Limits the number of root fields in one operation (counting through fragments at the root),
 * so one request cannot fan out into hundreds of independent lookups. graphql-armor limits
 * aliases, depth and cost but not this.
 *
 * Each fragment is counted once and counting stops just past the limit: a fragment that spreads
 * the next one twice, twenty levels deep, stands for a million fields, and walking every path
 * through such fragments took time exponential in a document of a few hundred bytes.
 */
export function maxRootFieldsRule(maxRootFields: number): ValidationRule {
  const cap = maxRootFields + 1;
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const fragmentCounts = new Map<string, number>();
    const counting = new Set<string>();
    const countFragment = (name: string): number => {
      const known = fragmentCounts.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      // Unknown and circular spreads count nothing here; their own rules report them.
      if (!fragment || counting.has(name)) return 0;
      counting.add(name);
      const total = count(fragment.selectionSet);
      counting.delete(name);
      fragmentCounts.set(name, total);
      return total;
    };
    const count = (set: SelectionSetNode): number => {
      let total = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) total += 1;
        else if (selection.kind === Kind.INLINE_FRAGMENT) total += count(selection.selectionSet);
        else total += countFragment(selection.name.value);
        if (total >= cap) return cap;
      }
      return total;
    };
    return {
      OperationDefinition(node) {
        if (count(node.selectionSet) > maxRootFields) {
          context.reportError(
            new GraphQLError(`Too many root fields (limit ${maxRootFields})`, {
              nodes: [node],
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          );
        }
      },
    };
  };
}
