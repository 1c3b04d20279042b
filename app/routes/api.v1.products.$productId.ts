/**
 * GET /api/v1/products/{productId} — one of the institution's products.
 * POST /api/v1/products/{productId} — replace its terms, as saving the edit form does (a published product is
 * re-indexed and re-matched through the outbox; a retired one cannot change). Another institution's product is 404.
 */
import { loadOwnProduct, toApiProduct, updateProduct as saveProduct } from "~/modules/products/products.server.ts";
import { productFieldsFromJson, productJsonFieldErrors } from "~/modules/products/product-api.ts";
import { apiGet, apiPost } from "~/web/api/endpoint.server.ts";
import { getProduct, updateProduct } from "~/web/api/operations/products.ts";
import { fieldErrorsAnswer } from "~/web/api/problem.server.ts";

export const loader = apiGet(getProduct, async ({ db, params, caller }) => ({
  body: toApiProduct(await loadOwnProduct(db, params.productId ?? "", caller.institutionId)),
}));

export const action = apiPost(updateProduct, async ({ db, params, body, caller }) => {
  const productId = params.productId ?? "";
  // Ownership first: another institution's product is a 404 whatever the body says.
  await loadOwnProduct(db, productId, caller.institutionId);
  const mapped = productFieldsFromJson(body);
  if (!mapped.ok) return fieldErrorsAnswer(mapped.fieldErrors);
  const result = await saveProduct(db, { actor: caller.actor, productId, fields: mapped.fields });
  if (!result.ok) return fieldErrorsAnswer(productJsonFieldErrors(result.fieldErrors));
  return { body: toApiProduct(await loadOwnProduct(db, productId, caller.institutionId)) };
});
