/** Input schemas of the orgs procedures; the routes' forms submit the same shapes. */
import { z } from 'zod';
import { ZRowVersion } from '../shared/bounds';
import { zText } from '../shared/safeText';
import { ZAllowedDomains } from '../shared/allowedDomains';
import { isCountryCode } from '../shared/countries';
import { checkTaxId } from '../shared/vat';

export const ZOrgName = zText().trim().min(2, 'Use at least 2 characters').max(100, 'Use at most 100 characters');

export const ZCreateOrgInput = z.object({ name: ZOrgName });
export type CreateOrgInput = z.infer<typeof ZCreateOrgInput>;

const optionalLine = zText()
  .trim()
  .max(120, 'Use at most 120 characters')
  .optional()
  .transform((v) => (v ? v : undefined));

export const ZBillingAddress = z.object({
  line1: zText().trim().min(1, 'Enter the street address').max(120, 'Use at most 120 characters'),
  line2: optionalLine,
  city: zText().trim().min(1, 'Enter the city').max(80, 'Use at most 80 characters'),
  postalCode: zText()
    .trim()
    .min(2, 'Enter the postal code')
    .max(16, 'Use at most 16 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Use letters, digits, spaces or dashes'),
  region: optionalLine,
  country: zText().trim().toUpperCase().refine(isCountryCode, 'Choose a country'),
});
export type BillingAddressInput = z.infer<typeof ZBillingAddress>;

export const ZUpdateProfileInput = z
  .object({
    version: ZRowVersion,
    name: ZOrgName,
    billingAddress: ZBillingAddress.nullable(),
    taxId: zText()
      .trim()
      .max(40, 'Use at most 40 characters')
      .nullable()
      .transform((v) => (v ? v : null)),
    /** Absent leaves the allowed domains as they are. */
    allowedEmailDomains: ZAllowedDomains.optional(),
  })
  .transform((input, ctx) => {
    if (input.taxId === null) return input;
    const check = checkTaxId(input.taxId, input.billingAddress?.country ?? null);
    if (!check.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['taxId'], message: check.message });
      return z.NEVER;
    }
    return { ...input, taxId: check.value };
  });
export type UpdateProfileInput = z.infer<typeof ZUpdateProfileInput>;
