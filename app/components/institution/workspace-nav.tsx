import { NavLink } from "@remix-run/react";

const officerLinks = [
  { to: "/officer", label: "线索与对接", end: true },
  { to: "/officer?tab=mine", label: "我的对接", end: false },
];

const adminLinks = [
  { to: "/institution", label: "机构概览", end: true },
  { to: "/institution/products", label: "产品管理", end: false },
  { to: "/institution/team", label: "客户经理", end: false },
  { to: "/institution/performance", label: "对接业绩", end: false },
];

/** Secondary navigation of the institution workspace; plain links, so it works without JavaScript. */
export function WorkspaceNav({ area }: { area: "officer" | "admin" }) {
  const links = area === "officer" ? officerLinks : adminLinks;
  return (
    <nav aria-label={area === "officer" ? "客户经理工作台导航" : "机构管理导航"} className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-6xl flex-wrap gap-x-1 px-4">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink
              to={link.to}
              end={link.end}
              className={({ isActive }) =>
                `inline-flex min-h-[44px] items-center border-b-2 px-3 text-sm ${
                  isActive ? "border-brand-700 font-semibold text-brand-800" : "border-transparent text-slate-600 hover:text-slate-900"
                }`
              }
            >
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
