/**
 * JSON (or any text) in a scrolling, keyboard-reachable block, as text: a payload that holds
 * HTML shows its tags, it never renders them.
 */
import { printable } from './printable';

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

export function JsonBlock({ text, label, testId }: { text: string; label: string; testId?: string }) {
  return (
    <pre
      // Focusable so a keyboard can scroll it (axe: scrollable-region-focusable).
      tabIndex={0}
      aria-label={label}
      data-testid={testId}
      className="max-h-96 overflow-auto whitespace-pre rounded-md bg-gray-900 p-3 font-mono text-xs leading-relaxed text-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500"
    >
      {printable(text)}
    </pre>
  );
}
