/** POST /api/v1/products/{productId}/retire — off the shelf and out of future matches; its history stays. */
import { loadOwnProduct, retireProduct as retire, toApiProduct } from "~/modules/products/products.server.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { retireProduct } from "~/web/api/operations/products.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(retireProduct, async ({ db, params, caller }) => {
  const productId = params.productId ?? "";
  await retire(db, { actor: caller.actor, productId });
  return { body: toApiProduct(await loadOwnProduct(db, productId, caller.institutionId)) };
});
