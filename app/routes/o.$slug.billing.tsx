/**
 * Billing (billing:read): the current plan with its status, period end and seats, the card on
 * file, the plans compared and what the org's plan includes. Billing managers (billing:manage)
 * upgrade through Stripe Checkout and manage payment methods in the Stripe Billing Portal: each
 * button posts here and the action redirects to Stripe. The plan itself changes only when Stripe's
 * signed event arrives, so the way back from Checkout says so. Without Stripe connected the page
 * explains how to connect it and shows no Stripe button.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { useStickyActionData } from '~/lib/useStickyActionData';
import { TRPCError } from '@trpc/server';
import { ConnectStripePanel } from '~/components/billing/ConnectStripePanel';
import { CurrentPlanCard } from '~/components/billing/CurrentPlanCard';
import { PlanComparison } from '~/components/billing/PlanComparison';
import { PlanFeatures } from '~/components/billing/PlanFeatures';
import { FormAlert } from '~/components/forms';
import { throwOrgRouteError } from '~/components/shell/orgRouteErrors.server';
import { Callout, Text } from '~/components/ui/tremor';
import { toActionFailure } from '~/lib/errors';
import { useCan } from '~/lib/permissions';

export const meta: MetaFunction = () => [{ title: 'Billing · Atrium' }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const overview = await caller.billing
    .overview({ orgSlug: params.slug ?? '' })
    .catch((error: unknown) => throwOrgRouteError(error, request, headers));
  return data({ overview }, { headers });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const { caller, headers } = await context.trpc();
  const orgSlug = params.slug ?? '';
  const form = await request.formData();
  const intent = form.get('intent');
  try {
    if (intent === 'checkout') {
      const plan = String(form.get('subject') ?? '') as 'team' | 'business';
      const { url } = await caller.billing.startCheckout({ orgSlug, plan });
      return redirect(url, { headers });
    }
    if (intent === 'portal') {
      const { url } = await caller.billing.openPortal({ orgSlug });
      return redirect(url, { headers });
    }
    return data({ ok: false as const, message: 'Unknown action.' }, { status: 400, headers });
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') throwOrgRouteError(error, request, headers);
    const { message } = toActionFailure(error);
    return data({ ok: false as const, message }, { status: 400, headers });
  }
}

function CheckoutReturn({ outcome }: { outcome: string | null }) {
  if (outcome === 'success') {
    return (
      <Callout title="Thank you" color="emerald" role="status">
        Your plan will update as soon as Stripe confirms the payment.
      </Callout>
    );
  }
  if (outcome === 'canceled') {
    return (
      <Callout title="Checkout canceled" color="gray" role="status">
        Nothing was charged and your plan is unchanged.
      </Callout>
    );
  }
  return null;
}

export default function BillingPage() {
  const { overview } = useLoaderData<typeof loader>();
  const failure = useStickyActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const can = useCan();
  const canManage = can('billing:manage');
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-tremor-title font-semibold text-tremor-content-strong">Billing</h1>
        <Text className="mt-1">Your plan, seats and payment method. Payments are handled by Stripe.</Text>
      </div>
      <CheckoutReturn outcome={searchParams.get('checkout')} />
      {failure?.message ? <FormAlert message={failure.message} /> : null}
      {overview.isStripeConfigured ? null : <ConnectStripePanel webhookUrl={overview.stripeWebhookUrl} />}
      <div className="grid gap-6 lg:grid-cols-2">
        <CurrentPlanCard overview={overview} canManage={canManage} />
        <PlanFeatures />
      </div>
      <PlanComparison overview={overview} canManage={canManage} />
    </div>
  );
}
