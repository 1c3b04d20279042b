/**
 * Engagement settings. The slot limit is configurable per deployment (DESIGN §4: "at most 3 active engagements per
 * need by default"); read once and validated so a bad value stops the process instead of silently flooding
 * enterprises. (Candidate for app/env.server.ts, which this module does not own.)
 */
import { z } from "zod";

const Config = z.object({
  MAX_ACTIVE_ENGAGEMENTS_PER_NEED: z.coerce.number().int().min(1).max(20).default(3),
  DECISION_DEADLINE_WORKING_DAYS: z.coerce.number().int().min(1).max(120).default(15),
});

let cached: z.infer<typeof Config> | undefined;

export function engagementConfig() {
  if (!cached) {
    const parsed = Config.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`环境变量配置有误: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
