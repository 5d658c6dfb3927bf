/**
 * A checkbox for one catalogue entry whose name is a code (a permission, an event type): the code
 * in monospace with its description under it, the whole label clickable.
 */
import type { ChangeEvent } from 'react';

export function CodeCheckbox({
  name,
  code,
  description,
  defaultChecked,
  onChange,
}: {
  name: string;
  code: string;
  description: string;
  defaultChecked: boolean;
  onChange?: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        name={name}
        value={code}
        defaultChecked={defaultChecked}
        onChange={onChange}
        className="mt-0.5 h-4 w-4 rounded border-gray-300 text-blue-600 focus:ring-blue-500"
      />
      <span className="min-w-0">
        <span className="break-all font-mono text-xs text-gray-900">{code}</span>
        <span className="block text-gray-600">{description}</span>
      </span>
    </label>
  );
}
