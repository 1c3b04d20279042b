/**
 * Every operation the Open API serves. The OpenAPI document is generated from this list, and a test checks it
 * against the `api.v1.*` route files, so an endpoint missing here (or listed but not served) fails CI.
 */
import type { ApiOperation } from "../operation.ts";
import {
  addEngagementNote,
  getEngagement,
  getEngagementContact,
  listEngagements,
  recordEngagementOutcome,
  transitionEngagement,
} from "./engagements.ts";
import { listEvents } from "./events.ts";
import { getLead, listLeads, passLeadOperation, requestEngagement } from "./leads.ts";
import { getBalanceReportOperation, submitBalanceReportOperation } from "./balances.ts";
import { createProduct, getProduct, listProducts, publishProduct, retireProduct, updateProduct } from "./products.ts";
import { getOpenApiDocument, issueToken } from "./public.ts";

export const API_OPERATIONS: readonly ApiOperation[] = [
  issueToken,
  getOpenApiDocument,
  listLeads,
  getLead,
  requestEngagement,
  passLeadOperation,
  listEngagements,
  getEngagement,
  transitionEngagement,
  addEngagementNote,
  recordEngagementOutcome,
  getEngagementContact,
  listProducts,
  getProduct,
  createProduct,
  updateProduct,
  publishProduct,
  retireProduct,
  listEvents,
  submitBalanceReportOperation,
  getBalanceReportOperation,
];
