/**
 * The app's Badge: Tremor's, with text dark enough for WCAG AA. Tremor writes a badge's text in
 * the 600 shade over a 10 % tint of the 500 (#059669 on the emerald tint is 3.4:1 at 12 px); the
 * 800 shade (700 for gray) clears 4.5:1 on every tint we use. Import Badge from here, not from
 * ~/components/ui/tremor (eslint refuses the latter).
 */
import { Badge as TremorBadge } from './ui/tremor';
import type { ComponentProps } from 'react';

const TEXT = {
  gray: 'text-gray-700',
  blue: 'text-blue-800',
  indigo: 'text-indigo-800',
  emerald: 'text-emerald-800',
  amber: 'text-amber-800',
  red: 'text-red-800',
} as const;

export type BadgeColor = keyof typeof TEXT;

type BadgeProps = Omit<ComponentProps<typeof TremorBadge>, 'color'> & { color: BadgeColor };

export function Badge({ color, className, ...props }: BadgeProps) {
  return <TremorBadge color={color} className={className ? `${TEXT[color]} ${className}` : TEXT[color]} {...props} />;
}
