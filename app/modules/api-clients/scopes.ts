/**
 * OAuth scopes of the Open API. A client is registered with a set of them; a token carries the subset it asked
 * for; each endpoint names the one it needs.
 */
export const API_SCOPES = [
  "leads:read",
  "engagements:write",
  "outcomes:write",
  "products:write",
  "events:read",
  "balances:write",
] as const;

export type ApiScope = (typeof API_SCOPES)[number];

export const apiScopeLabel: Record<ApiScope, string> = {
  "leads:read": "读取融资需求线索",
  "engagements:write": "受理与推进对接",
  "outcomes:write": "登记审批与放款结果",
  "products:write": "维护金融产品",
  "events:read": "读取事件流",
  "balances:write": "报送贷款余额",
};

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}
