/** The before/after of a sensitive action, one row per changed path; unchanged paths fold away. */
import { useState } from 'react';
import { diffValues, type DiffLine } from './diff';
import { countOf } from '../../../server/shared/plural';

const ROW_STYLE: Record<DiffLine['kind'], string> = {
  added: 'bg-emerald-50',
  removed: 'bg-red-50',
  changed: 'bg-amber-50',
  same: '',
};

export function ChangeDiff({ before, after }: { before: unknown; after: unknown }) {
  const [showSame, setShowSame] = useState(false);
  const lines = diffValues(before, after);
  const changed = lines.filter((line) => line.kind !== 'same');
  const shown = showSame ? lines : changed;
  if (lines.length === 0) return <p className="text-sm text-gray-500">No state recorded.</p>;
  return (
    <div>
      <table className="w-full table-fixed text-left text-xs" aria-label="Changes">
        <thead>
          <tr className="text-gray-500">
            <th className="w-1/3 py-1 font-medium">Field</th>
            <th className="w-1/3 py-1 font-medium">Before</th>
            <th className="w-1/3 py-1 font-medium">After</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((line, index) => (
            <tr key={`${index}:${line.path}`} className={`${ROW_STYLE[line.kind]} align-top`} data-kind={line.kind}>
              <td className="break-all py-1 pr-2 font-mono text-gray-700">{line.path}</td>
              <td className="break-all py-1 pr-2 font-mono text-red-700">
                {line.kind === 'added' ? '—' : line.before}
              </td>
              <td className="break-all py-1 font-mono text-emerald-700">
                {line.kind === 'removed' ? '—' : line.after}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {changed.length === 0 ? <p className="mt-1 text-xs text-gray-500">Nothing changed.</p> : null}
      {lines.length > changed.length ? (
        <button
          type="button"
          className="mt-2 text-xs text-blue-700 underline"
          onClick={() => setShowSame((value) => !value)}
        >
          {showSame ? 'Hide unchanged fields' : `Show ${countOf(lines.length - changed.length, 'unchanged field')}`}
        </button>
      ) : null}
    </div>
  );
}
