/** POST /api/v1/products/{productId}/publish — DRAFT → PUBLISHED; indexing and reverse matching follow (outbox). */
import { loadOwnProduct, publishProduct as publish, toApiProduct } from "~/modules/products/products.server.ts";
import { apiMethodNotAllowed, apiPost } from "~/web/api/endpoint.server.ts";
import { publishProduct } from "~/web/api/operations/products.ts";

export const loader = apiMethodNotAllowed("POST");

export const action = apiPost(publishProduct, async ({ db, params, caller }) => {
  const productId = params.productId ?? "";
  await publish(db, { actor: caller.actor, productId });
  return { body: toApiProduct(await loadOwnProduct(db, productId, caller.institutionId)) };
});
