/** A request Shopify would refuse; the control API answers 422 with it. */
export class SimError extends Error {}

/** An Admin API mutation's `userErrors` entry. */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
  elementIndex?: number;
}
