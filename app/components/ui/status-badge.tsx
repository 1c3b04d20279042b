import type { EngagementStatus, NeedFlag, NeedStatus, ProductStatus } from "~/generated/prisma/enums.ts";
import { Badge, BadgeList, type BadgeTone } from "./badge.tsx";
import { engagementStatusLabel, needFlagLabel, needStatusLabel, productStatusLabel } from "~/kernel/labels.ts";

/** One colour per status, the same on every role's pages: waiting is amber, under way blue, done green. */
const needTone: Record<NeedStatus, BadgeTone> = {
  DRAFT: "neutral",
  OPEN: "warning",
  IN_PROGRESS: "info",
  SUCCEEDED: "success",
  CLOSED_UNMET: "neutral",
  WITHDRAWN: "muted",
  EXPIRED: "danger",
};

const engagementTone: Record<EngagementStatus, BadgeTone> = {
  REQUESTED: "warning",
  ACCEPTED: "info",
  CONTACTED: "info",
  UNDER_REVIEW: "info",
  APPROVED: "success",
  DISBURSED: "success",
  DECLINED: "danger",
  WITHDRAWN: "muted",
};

const productTone: Record<ProductStatus, BadgeTone> = {
  DRAFT: "warning",
  PUBLISHED: "success",
  RETIRED: "muted",
};

export function NeedStatusBadge({ status }: { status: NeedStatus }) {
  return <Badge tone={needTone[status]}>{needStatusLabel[status]}</Badge>;
}

export function EngagementStatusBadge({ status }: { status: EngagementStatus }) {
  return <Badge tone={engagementTone[status]}>{engagementStatusLabel[status]}</Badge>;
}

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  return <Badge tone={productTone[status]}>{productStatusLabel[status]}</Badge>;
}

/** A need's policy flags (首贷, 涉农…). */
export function NeedFlagBadges({ flags }: { flags: readonly NeedFlag[] }) {
  return <BadgeList label="政策标签" tone="solid" items={flags.map((flag) => needFlagLabel[flag])} />;
}
