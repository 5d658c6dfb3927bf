/** A round avatar with a person's initials (no pictures yet). */
import { initialsOf } from './describePage';

export function Initials({ name, size = 'md' }: { name: string; size?: 'sm' | 'md' }) {
  const dimensions = size === 'sm' ? 'h-6 w-6 text-[10px]' : 'h-8 w-8 text-xs';
  return (
    <span
      aria-hidden="true"
      className={`inline-flex ${dimensions} shrink-0 items-center justify-center rounded-full bg-blue-100 font-semibold text-blue-800`}
    >
      {initialsOf(name)}
    </span>
  );
}
