/**
 * GET /api/v1/products?cursor=&limit= — the institution's own products in any status, oldest first.
 * POST /api/v1/products — a new DRAFT from the product form's fields, validated as the form is (422 per field).
 */
import {
  createProduct as createDraft,
  loadOwnProduct,
  listOwnProductsPage,
  toApiProduct,
} from "~/modules/products/products.server.ts";
import { productFieldsFromJson, productJsonFieldErrors } from "~/modules/products/product-api.ts";
import { apiGet, apiPost } from "~/web/api/endpoint.server.ts";
import { createProduct, listProducts } from "~/web/api/operations/products.ts";
import { fieldErrorsAnswer } from "~/web/api/problem.server.ts";

export const loader = apiGet(listProducts, async ({ db, query, caller }) => ({
  body: await listOwnProductsPage(db, {
    institutionId: caller.institutionId,
    cursor: query.cursor,
    limit: query.limit,
  }),
}));

export const action = apiPost(createProduct, async ({ db, body, caller }) => {
  const mapped = productFieldsFromJson(body);
  if (!mapped.ok) return fieldErrorsAnswer(mapped.fieldErrors);
  const result = await createDraft(db, { actor: caller.actor, fields: mapped.fields });
  if (!result.ok) return fieldErrorsAnswer(productJsonFieldErrors(result.fieldErrors));
  return { status: 201, body: toApiProduct(await loadOwnProduct(db, result.productId, caller.institutionId)) };
});
