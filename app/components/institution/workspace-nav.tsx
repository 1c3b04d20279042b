import { useLocation } from "@remix-run/react";
import { currentPath, SectionNav } from "~/components/ui/section-nav.tsx";

type NavItem = { to: string; label: string; isActive: (path: string, tab: string | null) => boolean };

const officerLinks: NavItem[] = [
  {
    to: "/officer",
    label: "线索",
    isActive: (path, tab) =>
      (path === "/officer" && tab !== "mine" && tab !== "overdue") || path.startsWith("/officer/leads"),
  },
  {
    to: "/officer?tab=mine",
    label: "我的对接",
    isActive: (path, tab) => (path === "/officer" && tab === "mine") || path.startsWith("/officer/engagements"),
  },
  { to: "/officer?tab=overdue", label: "超时待办", isActive: (path, tab) => path === "/officer" && tab === "overdue" },
];

const adminLinks: NavItem[] = [
  { to: "/institution", label: "机构概览", isActive: (path) => path === "/institution" },
  { to: "/institution/products", label: "产品管理", isActive: (path) => path.startsWith("/institution/products") },
  { to: "/institution/team", label: "客户经理", isActive: (path) => path.startsWith("/institution/team") },
  {
    to: "/institution/performance",
    label: "对接业绩",
    isActive: (path) => path.startsWith("/institution/performance"),
  },
  {
    to: "/institution/balances",
    label: "余额报送",
    isActive: (path) => path.startsWith("/institution/balances"),
  },
  { to: "/institution/webhooks", label: "系统对接", isActive: (path) => path.startsWith("/institution/webhooks") },
  {
    to: "/institution/api-clients",
    label: "开放接口",
    isActive: (path) => path.startsWith("/institution/api-clients"),
  },
];

/** Secondary navigation of the institution workspace; plain links, so it works without JavaScript. */
export function WorkspaceNav({ area }: { area: "officer" | "admin" }) {
  const location = useLocation();
  const tab = new URLSearchParams(location.search).get("tab");
  const path = currentPath(location.pathname);
  const links = area === "officer" ? officerLinks : adminLinks;
  return (
    <SectionNav
      label={area === "officer" ? "客户经理工作台导航" : "机构管理导航"}
      items={links.map((link) => ({ to: link.to, label: link.label, active: link.isActive(path, tab) }))}
    />
  );
}
