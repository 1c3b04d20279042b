/**
 * The look of a checkbox or radio and its label, shared by single checkboxes and choice groups. The whole row is
 * the label, so it is all clickable; "md" rows are 44px touch targets for forms used on a phone, "sm" rows suit
 * dense lists (filters, long option sets).
 */
export type ChoiceSize = "md" | "sm";

export const choiceRow: Record<ChoiceSize, string> = {
  md: "flex min-h-[44px] cursor-pointer items-start gap-3 py-2 text-base text-slate-800",
  sm: "flex min-h-[40px] cursor-pointer items-center gap-2 text-sm text-slate-800",
};

export const choiceBox: Record<ChoiceSize, string> = {
  md: "mt-1 h-5 w-5 shrink-0",
  sm: "h-5 w-5 shrink-0",
};

/** Hints and errors under a single checkbox start where its label text starts (box width + gap). */
export const choiceIndent: Record<ChoiceSize, string> = { md: "pl-8", sm: "pl-7" };
