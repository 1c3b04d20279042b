import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { FormStep } from "~/components/ui/card.tsx";
import { CheckboxField } from "~/components/ui/checkbox-field.tsx";
import { FormErrorSummary } from "~/components/ui/form-error-summary.tsx";
import { MoneyField } from "~/components/ui/money-field.tsx";
import { Notice } from "~/components/ui/notice.tsx";
import { Page, PageHeader } from "~/components/ui/page.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { useFormErrors } from "~/components/ui/use-form-errors.ts";
import { EntityType, SizeClass } from "~/generated/prisma/enums.ts";
import { getDb } from "~/infra/db.server.ts";
import { readFormWithCsrf } from "~/web/csrf.server.ts";
import { requireUser } from "~/web/guard.server.ts";
import { makeEnterpriseProfileForm } from "~/modules/enterprise/forms.ts";
import { ORIGIN_CITIES } from "~/modules/enterprise/labels.ts";
import { yuanToWanString } from "~/kernel/money.ts";
import {
  loadEnterpriseProfile,
  loadProfileOptions,
  saveEnterpriseProfile,
} from "~/modules/enterprise/registration.server.ts";
import { formToObject, parseForm, type FieldErrors } from "~/kernel/forms.ts";
import { entityTypeLabel, sizeClassLabel } from "~/kernel/labels.ts";

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
  const [searchParams] = useSearchParams();
  const { errors, formProps } = useFormErrors(actionData?.fieldErrors, () => makeEnterpriseProfileForm());
  const posted = actionData?.values;
  const value = (name: string, fallback: string | number | null | undefined = "") =>
    posted ? String(posted[name] ?? "") : fallback === null || fallback === undefined ? "" : String(fallback);
  /** The name, the posted-back or saved value and the error of one field. */
  const field = (name: string, fallback?: string | number | null) => ({
    name,
    defaultValue: value(name, fallback),
    error: errors[name],
  });
  const [entityType, setEntityType] = useState<string>(value("entityType", profile?.entityType ?? ""));
  const farmer = entityType === "FARM_HOUSEHOLD";

  return (
    <Page width="2xl">
      <PageHeader
        title={profile ? "经营主体信息" : "登记经营主体"}
        subtitle={
          profile
            ? "信息变化时请及时更新。金融机构只有在您授权后才能看到名称、代码和联系方式。"
            : "第 2 步：登记您的企业、个体工商户、合作社、家庭农场或农户信息，之后即可发布融资需求。"
        }
      />
      <div className="mt-4 space-y-3">
        {searchParams.get("welcome") ? <Notice tone="success">账号注册成功！请继续登记经营主体信息。</Notice> : null}
        {searchParams.get("saved") ? <Notice tone="success">主体信息已保存。</Notice> : null}
        <FormErrorSummary errors={errors} message="请按提示修改标红的内容后再提交。" />
      </div>

      <PostForm className="mt-6 space-y-6" {...formProps}>
        <FormStep id="basic" title="基本信息">
          <SelectField
            {...field("entityType", profile?.entityType)}
            label="主体类型"
            placeholder="请选择"
            options={entityTypeOptions}
            onChange={(event) => setEntityType(event.currentTarget.value)}
            required
          />
          <TextField
            {...field("name", profile?.name)}
            label={farmer ? "户主姓名" : "主体名称"}
            hint={farmer ? undefined : "与营业执照上的名称一致"}
            required
          />
          <TextField
            {...field("idNumber", profile?.idNumber)}
            label={farmer ? "户主身份证号码" : "统一社会信用代码"}
            hint={farmer ? "18 位居民身份证号码" : "18 位，见营业执照；农户请在“主体类型”选择“农户”后填写身份证号码"}
            autoCapitalize="characters"
            spellCheck={false}
            required
          />
          <SelectField
            {...field("sizeClass", profile?.sizeClass)}
            label="企业规模"
            placeholder="请选择"
            options={sizeClassOptions}
            hint="按国家中小企业划型标准；个体工商户、农户一般选“微型”"
            required
          />
          <SelectField
            {...field("industryDivision", profile?.industryDivision)}
            label="所属行业（国民经济行业分类）"
            placeholder="请选择行业门类下的大类"
            groups={options.industrySections.map((section) => ({
              label: `${section.code} ${section.name}`,
              options: section.divisions.map((division) => ({
                value: division.code,
                label: `${division.code} ${division.name}`,
              })),
            }))}
            required
          />
          <TextField
            {...field("foundedOn", profile?.foundedOn)}
            label="成立日期（选填）"
            type="date"
            hint="影响匹配：不少产品要求经营满一定年限，填写后可匹配更多产品"
          />
        </FormStep>

        <FormStep id="place" title="所在地">
          <SelectField
            {...field("regionId", profile?.regionId)}
            label="所在县（市、区）"
            placeholder="请选择"
            options={options.counties.map((region) => ({ value: region.id, label: region.name }))}
            required
          />
          <SelectField
            {...field("parkId", profile?.parkId)}
            label="所在园区（选填）"
            placeholder="不在园区内"
            hint="影响匹配：部分产品和政策只面向园区内企业"
            options={options.parks.map((region) => ({ value: region.id, label: region.name }))}
          />
          {entityType === "TRANSFERRED_FIRM" || entityType === "" ? (
            <SelectField
              {...field("originCity", profile?.originCity)}
              label="迁出城市（转移企业填写）"
              placeholder="请选择"
              options={ORIGIN_CITIES.map((city) => ({ value: city, label: city }))}
              hint="从珠三角哪座城市转移到揭阳"
            />
          ) : null}
          <TextField {...field("address", profile?.address)} label="经营地址（选填）" />
        </FormStep>

        <FormStep id="finance" title="经营与融资情况">
          <TextField
            {...field("employees", profile?.employees)}
            label="从业人数（选填）"
            type="text"
            inputMode="numeric"
          />
          <MoneyField
            name="annualRevenue"
            unitName="annualRevenueUnit"
            label="上年营业收入（选填）"
            defaultValue={value("annualRevenue", profile?.annualRevenue ? yuanToWanString(profile.annualRevenue) : "")}
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
        </FormStep>

        <FormStep id="contact" title="联系方式">
          {!farmer ? (
            <TextField
              {...field("legalRepresentative", profile?.legalRepresentative)}
              label="法定代表人 / 经营者（选填）"
            />
          ) : null}
          <TextField {...field("contactName", profile?.contactName ?? contact.name)} label="联系人" required />
          <TextField
            {...field("contactPhone", profile?.contactPhone ?? contact.phone)}
            label="联系电话"
            type="tel"
            required
          />
          <TextField {...field("contactEmail", profile?.contactEmail)} label="电子邮箱（选填）" type="email" />
        </FormStep>

        <SubmitButton pendingLabel="正在保存…" className="w-full sm:w-auto">
          {profile ? "保存修改" : "完成登记"}
        </SubmitButton>
      </PostForm>
    </Page>
  );
}

export { ErrorBoundary } from "~/components/ui/error-page.tsx";
