/**
 * An example bank adapter: how an institution's own loan-origination system talks to the platform, using only the
 * published Open API (docs/api.md, GET /api/v1/openapi.json) — nothing from the platform's code. It
 *
 *   1. trades its client id and secret for a bearer token (OAuth 2.0 client credentials), renewing it before expiry;
 *   2. pulls the leads published since its last run (the leads feed, resuming from a saved cursor);
 *   3. takes a lead up, moves it through contact and review, records the approval and the disbursement — every POST
 *      with an Idempotency-Key, so a retry after a timeout never records anything twice;
 *   4. replays the events it missed while it was offline (the events feed, from its saved cursor).
 *
 * A real adapter would persist `AdapterState` (the two cursors) in its own database; here it is a plain object.
 * Run it against a platform: `npx tsx examples/bank-adapter/run.ts` (see run.ts for the variables).
 */
import { randomUUID } from "node:crypto";

export interface AdapterConfig {
  /** The platform's origin, e.g. https://rzdj.jieyang.gov.cn */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** What the adapter remembers between runs. */
export interface AdapterState {
  leadsCursor?: string;
  eventsCursor?: string;
}

export interface Lead {
  id: string;
  [field: string]: unknown;
}

export interface PlatformEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** A refusal from the platform: RFC 9457 problem details with a stable code and a Chinese detail. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

interface Page<T> {
  items: T[];
  nextCursor: string;
  hasMore: boolean;
}

export class BankAdapter {
  private token: { value: string; expiresAt: number } | null = null;

  constructor(
    private readonly config: AdapterConfig,
    readonly state: AdapterState = {},
  ) {}

  private async accessToken(): Promise<string> {
    // Renew a minute before expiry, so a long run never sends an expired token.
    if (this.token && this.token.expiresAt - 60_000 > Date.now()) return this.token.value;
    const basic = Buffer.from(
      `${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`,
    ).toString("base64");
    const response = await fetch(new URL("/api/v1/oauth/token", this.config.baseUrl), {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    const body = (await response.json()) as { access_token?: string; expires_in?: number } & Partial<Problem>;
    if (!response.ok || !body.access_token) throw toError(response.status, body);
    this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000 };
    return this.token.value;
  }

  private async call<T>(method: "GET" | "POST", path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await this.accessToken()}` };
    if (method === "POST") {
      headers["Content-Type"] = "application/json";
      headers["Idempotency-Key"] = idempotencyKey ?? randomUUID();
    }
    const response = await fetch(new URL(path, this.config.baseUrl), {
      method,
      headers,
      body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
    });
    const answer = (await response.json()) as T & Partial<Problem>;
    if (!response.ok) throw toError(response.status, answer);
    return answer;
  }

  /** Every lead published since the last call (all of them on the first), walking the feed to its end. */
  async pullNewLeads(): Promise<Lead[]> {
    const leads: Lead[] = [];
    for (;;) {
      const query = new URLSearchParams({ limit: "100" });
      if (this.state.leadsCursor) query.set("cursor", this.state.leadsCursor);
      const page = await this.call<Page<Lead>>("GET", `/api/v1/leads?${query.toString()}`);
      leads.push(...page.items);
      this.state.leadsCursor = page.nextCursor;
      if (!page.hasMore) return leads;
    }
  }

  /** 发起对接: accepted at once when the enterprise's consent is on file, else a request it answers. */
  async takeUp(needId: string): Promise<{ id: string; status: string }> {
    return this.call("POST", `/api/v1/leads/${encodeURIComponent(needId)}/engagements`, {}, `take-up:${needId}`);
  }

  async moveTo(engagementId: string, to: "CONTACTED" | "UNDER_REVIEW"): Promise<{ id: string; status: string }> {
    return this.call("POST", `/api/v1/engagements/${encodeURIComponent(engagementId)}/transitions`, { to });
  }

  /**
   * Records the credit decision and the disbursement as the bank's system knows them. The keys are derived from the
   * bank's own loan number, so sending the same loan again (a retry, a re-run) is answered from the first call.
   */
  async recordDisbursement(
    engagementId: string,
    loan: {
      loanNumber: string;
      approvedAmount: string;
      disbursedAmount: string;
      annualRatePercent: string;
      termMonths: number;
      decidedOn: string;
      disbursedOn: string;
      firstLoan: boolean;
      totalCreditAtInstitution: string;
    },
  ): Promise<{ engagementStatus: string; outcome: { id: string; kind: string } }> {
    const path = `/api/v1/engagements/${encodeURIComponent(engagementId)}/outcomes`;
    await this.call(
      "POST",
      path,
      {
        kind: "APPROVED",
        amount: loan.approvedAmount,
        annualRatePercent: loan.annualRatePercent,
        termMonths: loan.termMonths,
        decidedOn: loan.decidedOn,
      },
      `approval:${loan.loanNumber}`,
    );
    return this.call(
      "POST",
      path,
      {
        kind: "DISBURSED",
        amount: loan.disbursedAmount,
        annualRatePercent: loan.annualRatePercent,
        termMonths: loan.termMonths,
        disbursedOn: loan.disbursedOn,
        firstLoan: loan.firstLoan,
        totalCreditAtInstitution: loan.totalCreditAtInstitution,
      },
      `disbursement:${loan.loanNumber}`,
    );
  }

  /** Every event since the last call: after a pause, exactly the ones it missed. */
  async replayEvents(): Promise<PlatformEvent[]> {
    const events: PlatformEvent[] = [];
    for (;;) {
      const query = new URLSearchParams({ limit: "200" });
      if (this.state.eventsCursor) query.set("after", this.state.eventsCursor);
      const page = await this.call<Page<PlatformEvent>>("GET", `/api/v1/events?${query.toString()}`);
      events.push(...page.items);
      this.state.eventsCursor = page.nextCursor;
      if (!page.hasMore) return events;
    }
  }
}

interface Problem {
  status: number;
  code: string;
  detail: string;
}

function toError(status: number, body: Partial<Problem> & { error?: string; error_description?: string }) {
  return new PlatformError(status, body.code ?? body.error ?? "UNKNOWN", body.detail ?? body.error_description ?? "");
}
