/**
 * Open/close state for a button that shows a popup (org switcher, user menu): Escape closes it
 * and returns focus to the button, a click or focus outside closes it, navigation closes it.
 */
import { useLocation } from '@remix-run/react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';

export function usePopover<Popup extends HTMLElement = HTMLDivElement>() {
  const [isOpen, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popupRef = useRef<Popup>(null);
  const popupId = useId();
  const location = useLocation();

  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  }, []);

  useEffect(() => setOpen(false), [location.pathname]);

  useEffect(() => {
    if (!isOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close(true);
    };
    const onOutside = (event: Event) => {
      const target = event.target as Node;
      if (!popupRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onOutside);
    document.addEventListener('focusin', onOutside);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onOutside);
      document.removeEventListener('focusin', onOutside);
    };
  }, [isOpen, close]);

  return {
    isOpen,
    toggle: () => setOpen((open) => !open),
    buttonProps: {
      ref: buttonRef,
      type: 'button' as const,
      'aria-expanded': isOpen,
      'aria-controls': popupId,
      onClick: () => setOpen((open) => !open),
    },
    popupProps: { ref: popupRef, id: popupId, hidden: !isOpen },
  };
}
