/**
 * "Alice Admin is also viewing this" / "Bob Owner is editing" above a form: declares what this tab
 * is doing (viewing the resource, or editing it once a field of the form is focused or changed)
 * and names the other people at the same resource. Yourself, in any tab, is never named.
 *
 * The mode is detected in the bar's form (the nearest enclosing one, or else the forms beside it
 * in its parent element), by event delegation, so a form re-mounted after a save is still
 * watched. A page that knows better passes `mode`. Without JavaScript nothing is shown.
 */
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { Initials } from './Initials';
import { othersAt, sentenceFor } from './othersAt';
import { usePresenceContext, type PresenceMode } from './PresenceProvider';

const FIELD = 'input:not([type="hidden"]), select, textarea, [contenteditable="true"], [contenteditable=""]';

function isField(target: EventTarget | null): boolean {
  return target instanceof Element && target.matches(FIELD) && target.closest('form') !== null;
}

/** 'editing' while a form field near `anchor` has focus or the form has unsaved input; else 'viewing'. */
export function usePresenceMode(anchor: RefObject<HTMLElement | null>): PresenceMode {
  const [isEditing, setEditing] = useState(false);
  useEffect(() => {
    const scope = anchor.current?.closest('form') ?? anchor.current?.parentElement;
    if (!scope) return;
    let isFocused = false;
    let isDirty = false;
    const update = () => setEditing(isFocused || isDirty);
    const onFocusIn = (event: Event) => {
      if (!isField(event.target)) return;
      isFocused = true;
      update();
    };
    const onFocusOut = (event: Event) => {
      const next = (event as FocusEvent).relatedTarget;
      if (next instanceof Node && scope.contains(next) && isField(next)) return;
      isFocused = false;
      update();
    };
    const onInput = (event: Event) => {
      if (!isField(event.target)) return;
      isDirty = true;
      update();
    };
    const onSaved = () => {
      isDirty = false;
      update();
    };
    scope.addEventListener('focusin', onFocusIn);
    scope.addEventListener('focusout', onFocusOut);
    scope.addEventListener('input', onInput);
    scope.addEventListener('change', onInput);
    scope.addEventListener('submit', onSaved);
    scope.addEventListener('reset', onSaved);
    return () => {
      scope.removeEventListener('focusin', onFocusIn);
      scope.removeEventListener('focusout', onFocusOut);
      scope.removeEventListener('input', onInput);
      scope.removeEventListener('change', onInput);
      scope.removeEventListener('submit', onSaved);
      scope.removeEventListener('reset', onSaved);
    };
  }, [anchor]);
  return isEditing ? 'editing' : 'viewing';
}

/** Declares to the org's presence that this tab is at `resource` in `mode`, while mounted. */
export function usePresenceDeclaration(resource: string, mode: PresenceMode): void {
  const { declare } = usePresenceContext();
  const id = useId();
  useEffect(() => declare(id, { resource, mode }), [declare, id, resource, mode]);
}

export function PresenceBar({ resource, mode }: { resource: string; mode?: PresenceMode }) {
  const anchor = useRef<HTMLDivElement>(null);
  const detected = usePresenceMode(anchor);
  usePresenceDeclaration(resource, mode ?? detected);
  const { online, you, isLive } = usePresenceContext();
  const others = isLive ? othersAt(online, you, resource) : [];
  // One element throughout, so the mode detection keeps its anchor when the list arrives.
  return (
    <div
      ref={anchor}
      hidden={!isLive}
      data-testid={isLive ? 'presence-bar' : undefined}
      // A polite live region, but not role="status": pages keep that role for their own save messages.
      aria-live={isLive ? 'polite' : undefined}
      className={others.length > 0 ? 'mb-4 space-y-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900' : ''}
    >
      {others.map((person) => (
        <p key={person.membershipId} className="flex items-center gap-2">
          <Initials name={person.name} size="sm" />
          <span>{sentenceFor(person)}</span>
        </p>
      ))}
    </div>
  );
}
