import { useEffect, useState } from 'react';
import { useAppServices } from '../../app/api-context';
import { loadFailed } from '../../app/load-failed';
import { markMilestone } from '../../app/milestones';
import type { SourceSummary } from '../../api/types';

/** The open sources, kept current through `onDidChangeSources`. */
export function useSources(): { sources: SourceSummary[]; listed: boolean } {
  const { client } = useAppServices();
  const [sources, setSources] = useState<SourceSummary[]>([]);
  const [listed, setListed] = useState(false);
  useEffect(() => {
    let active = true;
    const stop = client.on('onDidChangeSources', ({ sources: next }) => {
      setSources(next);
      markMilestone('sources', String(next.length));
    });
    void client.call('sources.list', {}).then(({ sources: first }) => {
      if (!active) return;
      setSources(first);
      setListed(true);
      markMilestone('sources', String(first.length));
    }, loadFailed('the open sources'));
    return () => {
      active = false;
      stop();
    };
  }, [client]);
  return { sources, listed };
}
