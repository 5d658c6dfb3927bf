/** The pieces around an activity list that the dashboard panel and the Activity page share. */
import { Button } from '~/components/Button';

export function ActivityFeedError({ message }: { message: string }) {
  return (
    <p role="alert" className="py-6 text-center text-sm text-red-600">
      The activity feed could not be loaded. {message}
    </p>
  );
}

type OlderPages = {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
};

/** "Load older" while there is an older page, with its own error line when loading one fails. */
export function LoadOlder({ pages }: { pages: OlderPages }) {
  if (!pages.hasNextPage) return null;
  return (
    <div className="mt-4 flex flex-col items-center gap-2">
      <Button
        variant="secondary"
        size="xs"
        loading={pages.isFetchingNextPage}
        onClick={() => void pages.fetchNextPage()}
      >
        Load older
      </Button>
      {pages.isFetchNextPageError ? (
        <p role="alert" className="text-sm text-red-600">
          Older activity could not be loaded; try again.
        </p>
      ) : null}
    </div>
  );
}
