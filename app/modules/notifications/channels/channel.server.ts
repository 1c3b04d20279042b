/**
 * What a notification channel is. Each channel is one file in this folder that describes who it can reach, reads its
 * own settings from the environment with zod and sends one notification row; registry.server.ts lists them, and
 * drafting (notify.server.ts), configuration (config.server.ts) and delivery (deliver.server.ts) only ever iterate
 * that list. docs/architecture.md ("Worked example: add a notification channel") is the recipe for a new one.
 */
import type { z } from "zod";
import type { DbOrTx } from "~/infra/db.server.ts";
import type { NotificationChannel, Prisma, User } from "~/generated/prisma/client.ts";

/** Environment variables as read: process.env, or a test's own record. Empty strings are already removed. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** The account fields a user-facing channel may declare it needs (never the password hash). */
export type RecipientField = Exclude<keyof User, "id" | "passwordHash">;

/** A user as a channel sees them when choosing: the id and the fields the channel declared. */
export type RecipientOf<F extends RecipientField> = Pick<User, "id" | F>;

/** A user as a channel sees them when sending; inactive users get nothing. */
export type DeliveryRecipient<F extends RecipientField> = RecipientOf<F> & { isActive: boolean };

/** An institution's webhook receiver (the WebhookEndpoint row a notification points at). */
export interface WebhookEndpointTarget {
  id: string;
  url: string;
  secret: string;
  /** The secret before the last rotation, still signing until previousSecretExpiresAt. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  isEnabled: boolean;
}

/** What choosing channels may depend on besides the recipient. */
export interface MessageTraits {
  /** Deadline reminders and escalations: also worth an SMS. */
  urgent?: boolean;
}

/** The notification row being sent. */
export interface OutgoingNotification {
  id: string;
  template: string;
  title: string;
  body: string;
  /** Absolute (APP_BASE_URL applied), or null. */
  link: string | null;
  /** Ids only (docs/decisions/003-transactional-outbox.md). */
  payload: Prisma.JsonValue | null;
  createdAt: Date;
  /** Attempts before this one. */
  attempts: number;
}

export interface DeliveryContext {
  /** For channels that keep their own records (the webhook delivery log). */
  db: DbOrTx;
  now: () => Date;
}

export type DeliveryResult =
  | { status: "sent" }
  /** An attempt was made and failed. Retryable: the job tries again with backoff; otherwise the row fails now. */
  | { status: "failed"; error: string; retryable: boolean }
  /** Nothing was sent and nothing ever will be (no address on file, the endpoint gone or disabled). */
  | { status: "undeliverable"; reason: string };

/** A channel opened for this process (its SMTP transport, its gateway settings). */
export interface Sender<Target> {
  send(message: OutgoingNotification, target: Target | null, ctx: DeliveryContext): Promise<DeliveryResult>;
  close?(): void;
}

interface ChannelBase<N extends NotificationChannel, Settings> {
  /** The NotificationChannel enum value its rows carry. */
  readonly name: N;
  /** In error texts: "<label> channel is not configured". */
  readonly label: string;
  /**
   * The channel's settings, parsed from the environment (unknown variables are ignored); `null` means the channel is
   * off in this deployment, so no rows are created for it.
   */
  readonly settings: z.ZodType<Settings | null>;
}

/** A channel that reaches users (in-app, e-mail, SMS …). */
export interface UserChannelSpec<N extends NotificationChannel, F extends RecipientField, Settings> extends ChannelBase<
  N,
  Settings
> {
  readonly audience: "users";
  /** "on-write": the row is created SENT and is the delivery (in-app); "by-job": a delivery job sends it. */
  readonly delivery: "on-write" | "by-job";
  /** The fields of User that `reaches` and `send` read; recipients.server.ts selects exactly these. */
  readonly recipientFields: readonly F[];
  /** Whether this user gets this message on this channel: an address on file, their own choice, the message kind. */
  reaches(recipient: RecipientOf<F>, message: MessageTraits): boolean;
  /** Opens the channel once per process; `null` for a channel whose rows are delivered by being written (in-app). */
  open(settings: Settings): Sender<DeliveryRecipient<F>> | null;
}

/** A channel that reaches institutions' systems through their WebhookEndpoint rows. */
export interface EndpointChannelSpec<N extends NotificationChannel, Settings> extends ChannelBase<N, Settings> {
  readonly audience: "webhook-endpoints";
  open(settings: Settings): Sender<WebhookEndpointTarget>;
}

/** What a notification row points at; each channel sends to the one its audience is. */
export interface DeliveryTargets<F extends RecipientField> {
  recipient: DeliveryRecipient<F> | null;
  webhookEndpoint: WebhookEndpointTarget | null;
}

/** A registered channel opened for this process; `deliver` picks the target its audience is. */
export interface OpenChannel<F extends RecipientField> {
  deliver(message: OutgoingNotification, targets: DeliveryTargets<F>, ctx: DeliveryContext): Promise<DeliveryResult>;
  close(): void;
}

/** One channel's settings after parsing: off, on (and how to open it; null = nothing to open, in-app), or invalid. */
export type ChannelConfiguration<F extends RecipientField> =
  | { ok: true; enabled: false }
  | { ok: true; enabled: true; open(): OpenChannel<F> | null }
  | { ok: false; issues: readonly { path: PropertyKey[]; message: string }[] };

/** A registered channel; its settings' type stays inside its own file. */
interface RegisteredChannel<N extends NotificationChannel, F extends RecipientField> {
  readonly name: N;
  readonly label: string;
  /** "on-write": the row is created SENT and is the delivery (in-app); "by-job": a delivery job sends it. */
  readonly delivery: "on-write" | "by-job";
  configure(env: EnvSource): ChannelConfiguration<F>;
}

export interface UserChannel<
  N extends NotificationChannel = NotificationChannel,
  F extends RecipientField = never,
> extends RegisteredChannel<N, F> {
  readonly audience: "users";
  readonly recipientFields: readonly F[];
  reaches(recipient: RecipientOf<F>, message: MessageTraits): boolean;
}

export interface EndpointChannel<N extends NotificationChannel = NotificationChannel> extends RegisteredChannel<
  N,
  never
> {
  readonly audience: "webhook-endpoints";
}

function configure<Settings, Target, F extends RecipientField>(
  schema: z.ZodType<Settings | null>,
  open: (settings: Settings) => Sender<Target> | null,
  pick: (targets: DeliveryTargets<F>) => Target | null,
  env: EnvSource,
): ChannelConfiguration<F> {
  const result = schema.safeParse(env);
  if (!result.success) return { ok: false, issues: result.error.issues };
  const settings = result.data;
  if (settings === null) return { ok: true, enabled: false };
  return {
    ok: true,
    enabled: true,
    open() {
      const sender = open(settings);
      if (!sender) return null;
      return {
        deliver: (message, targets, ctx) => sender.send(message, pick(targets), ctx),
        close: () => sender.close?.(),
      };
    },
  };
}

export function defineUserChannel<N extends NotificationChannel, F extends RecipientField, Settings>(
  spec: UserChannelSpec<N, F, Settings>,
): UserChannel<N, F> {
  return {
    name: spec.name,
    label: spec.label,
    audience: "users",
    recipientFields: spec.recipientFields,
    reaches: (recipient, message) => spec.reaches(recipient, message),
    delivery: spec.delivery,
    configure: (env) =>
      configure(
        spec.settings,
        (settings) => spec.open(settings),
        (targets: DeliveryTargets<F>) => targets.recipient,
        env,
      ),
  };
}

export function defineEndpointChannel<N extends NotificationChannel, Settings>(
  spec: EndpointChannelSpec<N, Settings>,
): EndpointChannel<N> {
  return {
    name: spec.name,
    label: spec.label,
    audience: "webhook-endpoints",
    delivery: "by-job",
    configure: (env) =>
      configure(
        spec.settings,
        (settings) => spec.open(settings),
        (targets: DeliveryTargets<never>) => targets.webhookEndpoint,
        env,
      ),
  };
}

/** The text of a thrown error, for lastError. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
