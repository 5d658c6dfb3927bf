/**
 * A submit button that shows progress only for its own form: a page with several forms (edit,
 * rotate, test, replay per row) must not spin every button when one is sent. A form is "its own"
 * when the submission carries the same intent and, for per-row forms, the same subject id.
 */
import { useNavigation } from '@remix-run/react';
import type { ComponentProps } from 'react';
import { Button } from '~/components/Button';

type IntentSubmitProps = ComponentProps<typeof Button> & {
  intent: string;
  /** The row's id (sent as `subject`), when one page has many forms of the same intent. */
  subject?: string;
  pendingText: string;
};

export function useIsSubmitting(intent: string, subject?: string): boolean {
  const navigation = useNavigation();
  const formData = navigation.state === 'submitting' ? navigation.formData : undefined;
  if (!formData || formData.get('intent') !== intent) return false;
  return subject === undefined || formData.get('subject') === subject;
}

export function IntentSubmit({ intent, subject, pendingText, children, ...rest }: IntentSubmitProps) {
  const isSubmitting = useIsSubmitting(intent, subject);
  return (
    <Button type="submit" name="intent" value={intent} loading={isSubmitting} disabled={isSubmitting} {...rest}>
      {isSubmitting ? pendingText : children}
    </Button>
  );
}
