/**
 * `useActionData` that survives live revalidation. React Router drops the action's data on any
 * revalidation that is not the action's own — so when a live event (a new invitation, a change of
 * access) re-ran the loaders just after a form was submitted, the form's result ("2 invitations
 * sent.", a validation message) vanished and the form was reset under the user. This keeps the
 * last action data for as long as the location is the one the action answered; any navigation
 * (a new location key) clears it, as before.
 */
import { useActionData, useLocation } from '@remix-run/react';
import { useRef } from 'react';

export function useStickyActionData<T>(): ReturnType<typeof useActionData<T>> {
  const data = useActionData<T>();
  const { key } = useLocation();
  const kept = useRef<{ key: string; data: typeof data } | null>(null);
  if (data !== undefined) kept.current = { key, data };
  else if (kept.current && kept.current.key !== key) kept.current = null;
  return data ?? kept.current?.data;
}
