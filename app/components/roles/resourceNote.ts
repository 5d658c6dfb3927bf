/**
 * The explainer's line about the resource asked about: its attributes when one was given; without
 * one, a warning only when some condition on the path actually reads resource attributes.
 */
import type { AccessStep } from '../../../server/roles/explainSchemas';
import { describeValue, type AttributeValue } from './explainQuery';

export function resourceNote(
  resource: Record<string, AttributeValue> | null,
  chain: readonly Pick<AccessStep, 'readsResource'>[],
): string | null {
  const attributes = Object.entries(resource ?? {});
  if (attributes.length > 0) {
    return `Asked about a resource with ${attributes.map(([key, value]) => `${key} = ${describeValue(value)}`).join(', ')}.`;
  }
  return chain.some((step) => step.readsResource)
    ? 'Asked without a resource: conditions that read resource attributes cannot hold.'
    : null;
}
