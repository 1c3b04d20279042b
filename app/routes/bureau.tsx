import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLocation } from "@remix-run/react";
import { BureauNav } from "~/components/bureau/bureau-ui.tsx";
import { requireUser } from "~/web/guard.server.ts";

/** The bureau console's frame: its section navigation; every page below checks the BUREAU role itself too. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "BUREAU");
  return null;
}

const FILTER_KEYS = ["period", "year", "quarter", "month", "from", "to", "region", "institution"];

export default function BureauLayout() {
  const location = useLocation();
  // Keep the current filter when moving between sections.
  const params = new URLSearchParams(location.search);
  const kept = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) kept.set(key, value);
  }
  const query = kept.toString();
  const search = query ? `?${query}` : "";
  return (
    <>
      <BureauNav search={search} />
      <Outlet />
    </>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
