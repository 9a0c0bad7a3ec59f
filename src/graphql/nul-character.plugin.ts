import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';

/**
 * Refuses a request with the NUL character (U+0000) in its variables or string literals.
 * PostgreSQL cannot hold it in text ("invalid byte sequence for encoding UTF8: 0x00"), so a
 * code, reason or filter carrying one reached the database and failed there as INTERNAL. No
 * code, name or text of the hub contains it.
 */
export function nulCharacterPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          if (containsNul(request.variables) || literalContainsNul(document)) {
            throw new GraphQLError('Text must not contain the NUL character (U+0000)', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** Walks a JSON value without recursion (variables may nest deeply). */
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\0')) return true;
    } else if (next && typeof next === 'object') {
      for (const [key, member] of Object.entries(next)) {
        if (key.includes('\0')) return true;
        pending.push(member);
      }
    }
  }
  return false;
}

/**
 * Apollo keeps one parsed DocumentNode per query text (its document store), so the same object
 * comes back for every request with that text: walk each document once, not on every request.
 * A WeakMap, so documents the store evicts are not held.
 */
const literalsChecked = new WeakMap<DocumentNode, boolean>();

function literalContainsNul(document: DocumentNode): boolean {
  let found = literalsChecked.get(document);
  if (found === undefined) {
    found = walkForNul(document);
    literalsChecked.set(document, found);
  }
  return found;
}

function walkForNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\0')) found = true;
    },
  });
  return found;
}
