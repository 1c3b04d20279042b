import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";

const tones = {
  primary: "btn-primary",
  secondary: "btn-secondary",
} as const;

const sizes = { md: "", sm: "!min-h-[40px] text-sm" } as const;

/**
 * A form's submit button. While a post is under way (with JavaScript) it is disabled, so a double click posts once;
 * `pendingLabel` replaces its text meanwhile — only for this button's own post when it carries a name and value
 * (publish vs. save as draft).
 */
export function SubmitButton({
  children,
  tone = "primary",
  size = "md",
  pendingLabel,
  name,
  value,
  disabled,
  className,
}: {
  children: ReactNode;
  tone?: keyof typeof tones;
  size?: keyof typeof sizes;
  pendingLabel?: ReactNode;
  name?: string;
  value?: string;
  /** Disabled for another reason too (e.g. nothing to publish yet). */
  disabled?: boolean;
  className?: string;
}) {
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const ownPost = submitting && (name === undefined || navigation.formData?.get(name) === value);
  return (
    <button
      type="submit"
      name={name}
      value={value}
      className={[tones[tone], sizes[size], className].filter(Boolean).join(" ")}
      disabled={submitting || disabled}
    >
      {ownPost && pendingLabel ? pendingLabel : children}
    </button>
  );
}
