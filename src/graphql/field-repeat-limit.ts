import { GraphQLError, Kind, visit, type SelectionSetNode, type ValidationRule } from 'graphql';

/**
 * Limits how often one field (one response key) may be written in one selection set. Repeating
 * a field is legal GraphQL and the copies merge into one, but graphql-js checks that every pair
 * of copies can merge: `{ hubInfo { name name … } }` with a thousand copies ran that check into
 * its work budget and was refused only as "Validation aborted." (graphql-cop's "field
 * duplication"). The whole document is checked when validation starts, before any other rule
 * does work on it, so this clear error comes first.
 */
export function maxFieldRepeatsRule(maxRepeats: number): ValidationRule {
  return (context) => {
    const check = (set: SelectionSetNode) => {
      const counts = new Map<string, number>();
      for (const selection of set.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        const key = selection.alias?.value ?? selection.name.value;
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        if (count === maxRepeats + 1) {
          context.reportError(
            new GraphQLError(`Field "${key}" is repeated more than ${maxRepeats} times in one selection`, {
              nodes: [selection],
              extensions: { code: 'BAD_USER_INPUT' },
            }),
          );
          return;
        }
      }
    };
    return {
      Document(document) {
        visit(document, { SelectionSet: check });
      },
    };
  };
}
