import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import type { MattersQuery as MattersResult } from '../gql/graphql';
import { describeError } from '../lib/errors';
import { MattersQuery } from './operations';

export type MatterHit = MattersResult['matters']['edges'][number]['node'];

/**
 * Server-side matter search by Chinese keyword, debounced, for a Select with filterOption off.
 * Only the answer to the latest keyword is kept: an earlier search that answers late (the empty
 * keyword asked on opening, say) must not replace the list the user has just typed for.
 */
export function useMatterSearch(first = 20) {
  const client = useApolloClient();
  const [keyword, setKeyword] = useState('');
  const [matters, setMatters] = useState<MatterHit[]>([]);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let superseded = false;
    const timer = setTimeout(() => {
      setSearching(true);
      client
        .query({ query: MattersQuery, variables: { filter: keyword.trim() ? { keyword: keyword.trim() } : {}, first } })
        .then(({ data }) => {
          if (superseded) return;
          setMatters(data!.matters.edges.map(({ node }) => node));
          setError(undefined);
        })
        .catch((caught: unknown) => !superseded && setError(describeError(caught)))
        .finally(() => !superseded && setSearching(false));
    }, 250);
    return () => {
      superseded = true;
      clearTimeout(timer);
    };
  }, [client, keyword, first]);

  return { matters, searching, error, search: setKeyword };
}
