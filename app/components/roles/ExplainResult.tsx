/**
 * The access explainer's answer, as roles.explain returns it: allowed or denied in words a person
 * reads at a glance (and not by colour alone), the resource it was asked about, and every path
 * that reaches a grant — role → inherited from → grant → condition and what it evaluated to.
 */
import { Callout } from '~/components/ui/tremor';
import { Badge } from '~/components/Badge';
import type { AccessExplanation, AccessStep } from '../../../server/roles/explainSchemas';
import type { AttributeValue } from './explainQuery';
import { resourceNote } from './resourceNote';

function ConditionOutcome({ step }: { step: AccessStep }) {
  const result = step.conditionResult;
  if (!result) return null;
  if (result.error) return <span className="text-red-700">could not be evaluated: {result.error}</span>;
  return (
    <span className={result.value ? 'font-medium text-emerald-700' : 'font-medium text-red-700'}>
      evaluates to {String(result.value)}
    </span>
  );
}

function Step({ step }: { step: AccessStep }) {
  return (
    <li className="rounded-md border border-gray-200 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm" aria-label={step.description}>
          <li>
            Role <strong>{step.role}</strong>
          </li>
          {step.inheritedFrom?.map((name) => (
            <li key={name}>
              <span aria-hidden="true">→ </span>inherited from <strong>{name}</strong>
            </li>
          ))}
          <li>
            <span aria-hidden="true">→ </span>grant <code className="font-mono text-xs">{step.grant.permission}</code>
          </li>
          {step.grant.condition ? (
            <li>
              <span aria-hidden="true">→ </span>condition{' '}
              <code className="break-all rounded bg-gray-100 px-1 font-mono text-xs">{step.grant.condition}</code>{' '}
              <ConditionOutcome step={step} />
            </li>
          ) : (
            <li className="text-gray-600">
              <span aria-hidden="true">→ </span>no condition
            </li>
          )}
        </ol>
        <Badge color={step.allows ? 'emerald' : 'red'}>
          {step.allows ? 'This path allows' : 'This path does not allow'}
        </Badge>
      </div>
    </li>
  );
}

export function ExplainResult({
  explanation,
  memberName,
  permission,
  resource,
}: {
  explanation: AccessExplanation;
  memberName: string;
  permission: string;
  resource: Record<string, AttributeValue> | null;
}) {
  const note = resourceNote(resource, explanation.chain);
  return (
    <section aria-labelledby="explain-answer" className="space-y-4">
      <h2 id="explain-answer" className="text-lg font-semibold text-gray-900">
        Answer
      </h2>
      <Callout
        title={
          explanation.allowed
            ? `Allowed: ${memberName} may use ${permission}`
            : `Denied: ${memberName} may not use ${permission}`
        }
        color={explanation.allowed ? 'emerald' : 'red'}
        role="status"
      >
        {explanation.reason}
      </Callout>
      {note ? <p className="text-sm text-gray-700">{note}</p> : null}
      <h3 className="text-base font-semibold text-gray-900">How the member’s roles reach {permission}</h3>
      {explanation.chain.length === 0 ? (
        <p className="text-sm text-gray-700">
          None of {memberName}’s roles grants {permission}, directly or by inheritance.
        </p>
      ) : (
        <ul className="space-y-2" aria-label="Paths to the grant">
          {explanation.chain.map((step, index) => (
            <Step key={`${step.description}-${index}`} step={step} />
          ))}
        </ul>
      )}
    </section>
  );
}
