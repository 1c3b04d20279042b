/**
 * A bearer token the way a bank's system gets one: a registered client trading its secret at the token endpoint.
 * The call itself is ./api-call.ts's callApi, re-exported here for the engagement tests.
 */
import type { Role } from "~/generated/prisma/enums.ts";
import type { Db } from "~/infra/db.server.ts";
import type { ApiScope } from "~/modules/api-clients/scopes.ts";
import { BANK_IP, type ApiRoute } from "./api-call.ts";

export { BANK_IP, callApi, type ApiResult as ApiReply, type ApiRoute } from "./api-call.ts";

/** Registers a client for the admin's institution and trades its secret for a bearer token at the token endpoint. */
export async function bearerToken(
  db: Db,
  admin: { id: string; role: Role; institutionId: string | null },
  scopes: ApiScope[],
  name = `对接系统 ${scopes.join(" ")}`,
): Promise<{ authorization: string; clientId: string; apiClientId: string }> {
  const { registerApiClient } = await import("~/modules/api-clients/clients.server.ts");
  const tokenRoute = (await import("~/routes/api.v1.oauth.token.ts")) as unknown as ApiRoute;
  const registered = await registerApiClient(db, {
    actor: { userId: admin.id, role: admin.role, institutionId: admin.institutionId! },
    fields: { name, scopes },
  });
  if (!registered.ok) throw new Error(`registration failed: ${JSON.stringify(registered.fieldErrors)}`);
  const basic = Buffer.from(`${registered.client.clientId}:${registered.clientSecret}`).toString("base64");
  const issued = await tokenRoute.action!({
    request: new Request("http://jieyang.test/api/v1/oauth/token", {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }),
    params: {},
    context: { clientIp: BANK_IP },
  });
  if (issued.status !== 200) throw new Error(`token endpoint answered ${issued.status}`);
  const { access_token: accessToken } = (await issued.json()) as { access_token: string };
  return {
    authorization: `Bearer ${accessToken}`,
    clientId: registered.client.clientId,
    apiClientId: registered.client.id,
  };
}
