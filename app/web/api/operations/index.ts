/**
 * Every operation the Open API serves. The OpenAPI document is generated from this list, and a test checks it
 * against the `api.v1.*` route files, so an endpoint missing here (or listed but not served) fails CI.
 */
import type { ApiOperation } from "../operation.ts";
import { getLead, listLeads, passLeadOperation, requestEngagement } from "./leads.ts";

export const API_OPERATIONS: readonly ApiOperation[] = [listLeads, getLead, requestEngagement, passLeadOperation];
