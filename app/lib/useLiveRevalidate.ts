/**
 * Re-runs the page's loaders for a live event without racing the router. Revalidating while a
 * navigation, a fetcher or another revalidation is in flight makes React Router abort that one,
 * which (remix-run/react-router#12049) can surface as an uncaught "AbortError: signal is aborted
 * without reason". So a request made while anything is busy waits, and the requests made meanwhile
 * become one revalidation once everything is idle.
 */
import { useFetchers, useNavigation, useRevalidator } from '@remix-run/react';
import { useCallback, useEffect, useState } from 'react';

export function useLiveRevalidate(): () => void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const [isWanted, setWanted] = useState(false);
  const isBusy =
    revalidator.state !== 'idle' || navigation.state !== 'idle' || fetchers.some((f) => f.state !== 'idle');
  useEffect(() => {
    if (!isWanted || isBusy) return;
    setWanted(false);
    revalidator.revalidate();
  }, [isWanted, isBusy, revalidator]);
  return useCallback(() => setWanted(true), []);
}
