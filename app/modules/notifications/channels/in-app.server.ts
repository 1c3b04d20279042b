/**
 * In-app messages: the inbox every role has (inbox.server.ts). Always on and written for every recipient — the
 * platform's record of what each party was told — and delivered by being written, so no job ever sends one.
 */
import { z } from "zod";
import { defineUserChannel } from "./channel.server.ts";

export const inAppChannel = defineUserChannel({
  name: "IN_APP",
  label: "in-app",
  audience: "users",
  delivery: "on-write",
  recipientFields: [],
  reaches: () => true,
  settings: z.object({}),
  open: () => null,
});
