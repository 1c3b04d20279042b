/**
 * Every notification channel, in the order a recipient's rows are written. This list is the one place that knows
 * which channels exist: drafting, configuration, delivery and the stale-delivery sweep iterate it. A new channel is a
 * file beside this one and a line here (docs/architecture.md, "Worked example: add a notification channel").
 */
import type { NotificationChannel, User } from "~/generated/prisma/client.ts";
import type { EndpointChannel, UserChannel } from "./channel.server.ts";
import { emailChannel } from "./email.server.ts";
import { inAppChannel } from "./in-app.server.ts";
import { smsChannel } from "./sms.server.ts";
import { webhookChannel } from "./webhook.server.ts";

export const NOTIFICATION_CHANNELS = [inAppChannel, emailChannel, smsChannel, webhookChannel] as const;

type Registered = (typeof NOTIFICATION_CHANNELS)[number];

// Compile-time completeness: a NotificationChannel enum value without a channel here fails `npm run typecheck`.
type Unregistered = Exclude<NotificationChannel, Registered["name"]>;
const everyEnumValueRegistered: [Unregistered] extends [never] ? true : Unregistered = true;
void everyEnumValueRegistered;

type RegisteredUserChannel = Extract<Registered, { audience: "users" }>;
export type RegisteredField = RegisteredUserChannel extends UserChannel<NotificationChannel, infer F> ? F : never;

/** The User fields the registered channels read; the `satisfies` keeps it exactly in step with their declarations. */
export const recipientSelect = {
  id: true,
  email: true,
  notifyByEmail: true,
  phone: true,
  notifyBySms: true,
} as const satisfies Record<"id" | RegisteredField, true>;

/** A user as drafting and delivery see them. */
export type Recipient = Pick<User, keyof typeof recipientSelect>;

/** The list, typed for iteration (each channel's own settings type stays in its file). */
export const ALL_CHANNELS: readonly (UserChannel<NotificationChannel, RegisteredField> | EndpointChannel)[] =
  NOTIFICATION_CHANNELS;

export const USER_CHANNELS: readonly UserChannel<NotificationChannel, RegisteredField>[] = NOTIFICATION_CHANNELS.filter(
  (channel): channel is RegisteredUserChannel => channel.audience === "users",
);
export const ENDPOINT_CHANNELS: readonly EndpointChannel[] = NOTIFICATION_CHANNELS.filter(
  (channel): channel is Extract<Registered, { audience: "webhook-endpoints" }> =>
    channel.audience === "webhook-endpoints",
);

/** Channels whose rows a delivery job sends (every channel but in-app). */
export const JOB_DELIVERED_CHANNELS: readonly NotificationChannel[] = NOTIFICATION_CHANNELS.filter(
  (channel) => channel.delivery === "by-job",
).map((channel) => channel.name);

export function isDeliveredByJob(channel: NotificationChannel): boolean {
  return JOB_DELIVERED_CHANNELS.includes(channel);
}

export function channelNamed(name: NotificationChannel): (typeof ALL_CHANNELS)[number] {
  const channel = ALL_CHANNELS.find((candidate) => candidate.name === name);
  if (!channel) throw new Error(`notification channel ${name} is not registered`);
  return channel;
}
