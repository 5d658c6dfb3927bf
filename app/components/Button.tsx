/**
 * The app's Button: Tremor's, with colours that pass WCAG AA. Given a colour, Tremor paints a
 * primary button's background and a secondary button's text in the 500 shade (white on red-500 is
 * 3.8:1, red-500 on white the same); the 700 shade clears 4.5:1. Without a colour the brand blue
 * (blue-600, tailwind.config.ts) already does. Import Button from here, not from ~/components/ui/tremor
 * (eslint refuses the latter).
 */
import { Button as TremorButton } from './ui/tremor';
import { forwardRef, type ComponentProps } from 'react';

type ButtonColor = 'red' | 'blue';
type Variant = 'primary' | 'secondary' | 'light';

const COLORS: Record<ButtonColor, Record<Variant, string>> = {
  red: {
    primary: 'bg-red-700 border-red-700 hover:bg-red-800 hover:border-red-800',
    secondary: 'text-red-700 border-red-700 hover:text-red-800',
    light: 'text-red-700 hover:text-red-800',
  },
  blue: {
    primary: 'bg-blue-700 border-blue-700 hover:bg-blue-800 hover:border-blue-800',
    secondary: 'text-blue-700 border-blue-700 hover:text-blue-800',
    light: 'text-blue-700 hover:text-blue-800',
  },
};

export type ButtonProps = Omit<ComponentProps<typeof TremorButton>, 'color'> & { color?: ButtonColor };

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { color, variant = 'primary', className, ...props },
  ref,
) {
  const colored = color ? COLORS[color][variant] : '';
  const classes = [colored, className].filter(Boolean).join(' ') || undefined;
  return <TremorButton ref={ref} color={color} variant={variant} className={classes} {...props} />;
});
