import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { CheckboxField, FormAlert, MoneyField, Notice, SelectField } from "~/components/enterprise/fields.tsx";
import { useFormErrors } from "~/components/enterprise/use-form-errors.ts";
import { ErrorPage } from "~/components/error-page.tsx";
import { TextField } from "~/components/form-field.tsx";
import { EntityType, SizeClass } from "~/generated/prisma/enums.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { makeEnterpriseProfileForm } from "~/modules/enterprise/forms.ts";
import { ORIGIN_CITIES } from "~/modules/enterprise/labels.ts";
import { sizeClassLabel } from "~/modules/labels.ts";
import { yuanStringToWanInput } from "~/modules/enterprise/money-input.ts";
import {
  loadEnterpriseProfile,
  loadProfileOptions,
  saveEnterpriseProfile,
} from "~/modules/enterprise/registration.server.ts";
import { formToObject, parseForm, type FieldErrors } from "~/kernel/forms.ts";
import { entityTypeLabel } from "~/modules/labels.ts";

export const meta: MetaFunction = () => [{ title: "经营主体信息 · 揭阳银企融资对接平台" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "ENTERPRISE");
  const db = getDb();
  const [options, profile] = await Promise.all([
    loadProfileOptions(db),
    user.enterpriseId ? loadEnterpriseProfile(db, user.enterpriseId) : Promise.resolve(null),
  ]);
  return json({ options, profile, contact: { name: user.displayName, phone: user.loginName } });
}

type ActionData = { fieldErrors: FieldErrors; values: Record<string, string | string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormWithCsrf(request);
  const user = await requireUser(request, "ENTERPRISE");
  const values = formToObject(form);
  const parsed = parseForm(makeEnterpriseProfileForm(), form);
  if (!parsed.ok) return json<ActionData>({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const result = await saveEnterpriseProfile(getDb(), {
    userId: user.id,
    enterpriseId: user.enterpriseId,
    input: parsed.data,
  });
  if (!result.ok) return json<ActionData>({ fieldErrors: result.fieldErrors, values }, { status: result.status });
  return redirect(result.created ? "/enterprise?registered=1" : "/enterprise/profile?saved=1");
}

const entityTypeOptions = Object.values(EntityType).map((value) => ({ value, label: entityTypeLabel[value] }));
const sizeClassOptions = Object.values(SizeClass).map((value) => ({ value, label: sizeClassLabel[value] }));

export default function EnterpriseProfilePage() {
  const { options, profile, contact } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const { errors, formProps } = useFormErrors(actionData?.fieldErrors, () => makeEnterpriseProfileForm());
  const posted = actionData?.values;
  const value = (name: string, fallback: string | number | null | undefined = "") =>
    posted ? String(posted[name] ?? "") : fallback === null || fallback === undefined ? "" : String(fallback);
  const [entityType, setEntityType] = useState<string>(value("entityType", profile?.entityType ?? ""));
  const farmer = entityType === "FARM_HOUSEHOLD";
  const submitting = navigation.state === "submitting";

  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-6 sm:py-8">
      <h1 className="text-xl font-semibold text-slate-900 sm:text-2xl">{profile ? "经营主体信息" : "登记经营主体"}</h1>
      <p className="mt-1 text-sm leading-6 text-slate-600">
        {profile
          ? "信息变化时请及时更新。金融机构只有在您授权后才能看到名称、代码和联系方式。"
          : "第 2 步：登记您的企业、个体工商户、合作社、家庭农场或农户信息，之后即可发布融资需求。"}
      </p>
      <div className="mt-4 space-y-3">
        {searchParams.get("welcome") ? <Notice>账号注册成功！请继续登记经营主体信息。</Notice> : null}
        {searchParams.get("saved") ? <Notice>主体信息已保存。</Notice> : null}
        {errors._form ? <FormAlert>{errors._form}</FormAlert> : null}
        {Object.keys(errors).length > 0 && !errors._form ? (
          <FormAlert>请按提示修改标红的内容后再提交。</FormAlert>
        ) : null}
      </div>

      <Form method="post" className="mt-6 space-y-6" {...formProps}>
        <CsrfInput />
        <section className="card space-y-5" aria-labelledby="basic-title">
          <h2 id="basic-title" className="text-base font-semibold">
            基本信息
          </h2>
          <SelectField
            name="entityType"
            label="主体类型"
            placeholder="请选择"
            options={entityTypeOptions}
            defaultValue={value("entityType", profile?.entityType)}
            error={errors.entityType}
            onChange={(event) => setEntityType(event.currentTarget.value)}
            required
          />
          <TextField
            name="name"
            label={farmer ? "户主姓名" : "主体名称"}
            defaultValue={value("name", profile?.name)}
            error={errors.name}
            hint={farmer ? undefined : "与营业执照上的名称一致"}
            required
          />
          <TextField
            name="idNumber"
            label={farmer ? "户主身份证号码" : "统一社会信用代码"}
            defaultValue={value("idNumber", profile?.idNumber)}
            error={errors.idNumber}
            hint={farmer ? "18 位居民身份证号码" : "18 位，见营业执照；农户请在“主体类型”选择“农户”后填写身份证号码"}
            autoCapitalize="characters"
            spellCheck={false}
            required
          />
          <SelectField
            name="sizeClass"
            label="企业规模"
            placeholder="请选择"
            options={sizeClassOptions}
            defaultValue={value("sizeClass", profile?.sizeClass)}
            error={errors.sizeClass}
            hint="按国家中小企业划型标准；个体工商户、农户一般选“微型”"
            required
          />
          <SelectField
            name="industryDivision"
            label="所属行业（国民经济行业分类）"
            placeholder="请选择行业门类下的大类"
            groups={options.industrySections.map((section) => ({
              label: `${section.code} ${section.name}`,
              options: section.divisions.map((division) => ({
                value: division.code,
                label: `${division.code} ${division.name}`,
              })),
            }))}
            defaultValue={value("industryDivision", profile?.industryDivision)}
            error={errors.industryDivision}
            required
          />
          <TextField
            name="foundedOn"
            label="成立日期（选填）"
            type="date"
            defaultValue={value("foundedOn", profile?.foundedOn)}
            error={errors.foundedOn}
          />
        </section>

        <section className="card space-y-5" aria-labelledby="place-title">
          <h2 id="place-title" className="text-base font-semibold">
            所在地
          </h2>
          <SelectField
            name="regionId"
            label="所在县（市、区）"
            placeholder="请选择"
            options={options.counties.map((region) => ({ value: region.id, label: region.name }))}
            defaultValue={value("regionId", profile?.regionId)}
            error={errors.regionId}
            required
          />
          <SelectField
            name="parkId"
            label="所在园区（选填）"
            placeholder="不在园区内"
            options={options.parks.map((region) => ({ value: region.id, label: region.name }))}
            defaultValue={value("parkId", profile?.parkId)}
            error={errors.parkId}
          />
          {entityType === "TRANSFERRED_FIRM" || entityType === "" ? (
            <SelectField
              name="originCity"
              label="迁出城市（转移企业填写）"
              placeholder="请选择"
              options={ORIGIN_CITIES.map((city) => ({ value: city, label: city }))}
              defaultValue={value("originCity", profile?.originCity)}
              error={errors.originCity}
              hint="从珠三角哪座城市转移到揭阳"
            />
          ) : null}
          <TextField
            name="address"
            label="经营地址（选填）"
            defaultValue={value("address", profile?.address)}
            error={errors.address}
          />
        </section>

        <section className="card space-y-5" aria-labelledby="finance-title">
          <h2 id="finance-title" className="text-base font-semibold">
            经营与融资情况
          </h2>
          <TextField
            name="employees"
            label="从业人数（选填）"
            type="text"
            inputMode="numeric"
            defaultValue={value("employees", profile?.employees)}
            error={errors.employees}
          />
          <MoneyField
            name="annualRevenue"
            unitName="annualRevenueUnit"
            label="上年营业收入（选填）"
            defaultValue={value(
              "annualRevenue",
              profile?.annualRevenue ? yuanStringToWanInput(profile.annualRevenue) : "",
            )}
            defaultUnit={(posted?.annualRevenueUnit as "WAN" | "YUAN" | undefined) ?? "WAN"}
            error={errors.annualRevenue}
          />
          <CheckboxField
            name="declaresNoPriorLoan"
            label="本主体从未在银行获得过贷款（首贷户）"
            hint="如实申报。放款银行会查询征信核实；首贷户可享受专项支持政策。"
            defaultChecked={posted ? Boolean(posted.declaresNoPriorLoan) : (profile?.declaresNoPriorLoan ?? false)}
            error={errors.declaresNoPriorLoan}
          />
        </section>

        <section className="card space-y-5" aria-labelledby="contact-title">
          <h2 id="contact-title" className="text-base font-semibold">
            联系方式
          </h2>
          {!farmer ? (
            <TextField
              name="legalRepresentative"
              label="法定代表人 / 经营者（选填）"
              defaultValue={value("legalRepresentative", profile?.legalRepresentative)}
              error={errors.legalRepresentative}
            />
          ) : null}
          <TextField
            name="contactName"
            label="联系人"
            defaultValue={value("contactName", profile?.contactName ?? contact.name)}
            error={errors.contactName}
            required
          />
          <TextField
            name="contactPhone"
            label="联系电话"
            type="tel"
            defaultValue={value("contactPhone", profile?.contactPhone ?? contact.phone)}
            error={errors.contactPhone}
            required
          />
          <TextField
            name="contactEmail"
            label="电子邮箱（选填）"
            type="email"
            defaultValue={value("contactEmail", profile?.contactEmail)}
            error={errors.contactEmail}
          />
        </section>

        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={submitting}>
          {submitting ? "正在保存…" : profile ? "保存修改" : "完成登记"}
        </button>
      </Form>
    </main>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
