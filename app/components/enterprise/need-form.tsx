import { Form } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { Badge } from "~/components/ui/badge.tsx";
import { FormStep } from "~/components/ui/card.tsx";
import { CheckboxField } from "~/components/ui/checkbox-field.tsx";
import { ChoiceGroup } from "~/components/ui/choice-group.tsx";
import { CsrfInput } from "~/components/ui/csrf-input.tsx";
import { Fieldset } from "~/components/ui/field.tsx";
import { FormErrorSummary } from "~/components/ui/form-error-summary.tsx";
import { MoneyField } from "~/components/ui/money-field.tsx";
import { Page, PageHeader } from "~/components/ui/page.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextAreaField } from "~/components/ui/textarea-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import { useFormErrors } from "~/components/ui/use-form-errors.ts";
import {
  Collateral,
  type EntityType,
  type InstitutionKind,
  type NeedFlag,
  PurposeCategory,
} from "~/generated/prisma/enums.ts";
import { needFlagExplanation } from "~/modules/enterprise/labels.ts";
import type { FieldErrors } from "~/kernel/forms.ts";
import { DECLARABLE_FLAGS, makeNeedForm, NEED_LIMITS } from "~/modules/needs/need-form.ts";
import { deriveNeedFlags } from "~/modules/needs/need-flags.ts";
import { collateralLabel, institutionKindLabel, needFlagLabel, purposeCategoryLabel } from "~/kernel/labels.ts";
import { formatWanYuan, formatYuan, parseMoneyInput } from "~/kernel/money.ts";

export type NeedFormInitial = {
  amount: string;
  amountUnit: "WAN" | "YUAN";
  termMonths: string;
  purposeCategory: string;
  description: string;
  shareDescription: boolean;
  collateralOffered: string[];
  maxAnnualRate: string;
  wantedBy: string;
  wantsLoan: boolean;
  wantsGuarantee: boolean;
  wantsInsurance: boolean;
  declaredFlags: string[];
  visibility: "OPEN" | "DIRECTED";
  institutionIds: string[];
  allowWidening: boolean;
};

export const EMPTY_NEED_FORM: NeedFormInitial = {
  amount: "",
  amountUnit: "WAN",
  termMonths: "12",
  purposeCategory: "",
  description: "",
  shareDescription: false,
  collateralOffered: [],
  maxAnnualRate: "",
  wantedBy: "",
  wantsLoan: true,
  wantsGuarantee: false,
  wantsInsurance: false,
  declaredFlags: [],
  visibility: "OPEN",
  institutionIds: [],
  allowWidening: true,
};

/** Form values posted back after a failed submit, in the shape of the initial values. */
export function initialFromPosted(values: Record<string, string | string[]>): NeedFormInitial {
  const one = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
  };
  const many = (name: string) => {
    const value = values[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  return {
    amount: one("amount"),
    amountUnit: one("amountUnit") === "YUAN" ? "YUAN" : "WAN",
    termMonths: one("termMonths"),
    purposeCategory: one("purposeCategory"),
    description: one("description"),
    shareDescription: Boolean(one("shareDescription")),
    collateralOffered: many("collateralOffered"),
    maxAnnualRate: one("maxAnnualRate"),
    wantedBy: one("wantedBy"),
    wantsLoan: Boolean(one("wantsLoan")),
    wantsGuarantee: Boolean(one("wantsGuarantee")),
    wantsInsurance: Boolean(one("wantsInsurance")),
    declaredFlags: many("declaredFlags"),
    visibility: one("visibility") === "DIRECTED" ? "DIRECTED" : "OPEN",
    institutionIds: many("institutionIds"),
    allowWidening: Boolean(one("allowWidening")),
  };
}

type Props = {
  initial: NeedFormInitial;
  errors?: FieldErrors;
  formError?: string;
  profile: { entityType: EntityType; industrySection: string; declaresNoPriorLoan: boolean };
  institutions: { id: string; name: string; shortName: string; kind: InstitutionKind }[];
  consent: { version: string; body: string } | null;
  submitLabel?: string;
};

const purposeOptions = Object.values(PurposeCategory).map((value) => ({ value, label: purposeCategoryLabel[value] }));
const collateralOptions = Object.values(Collateral).map((value) => ({ value, label: collateralLabel[value] }));

function amountPreview(amount: string, unit: string): string | null {
  const parsed = parseMoneyInput(amount, unit === "YUAN" ? "YUAN" : "WAN");
  if (!parsed.ok || parsed.fen <= 0n) return null;
  return unit === "YUAN" ? `约 ${formatWanYuan(parsed.yuan)}` : `即 ${formatYuan(parsed.yuan)}`;
}

/**
 * The guided financing-need form. Without JavaScript every section is shown and the server validates; with it,
 * the directed-institution list appears only for 定向对接, the flags update as the purpose changes, the amount is
 * echoed in the other unit, and the shared zod schema reports errors before posting.
 */
export function NeedForm({
  initial,
  errors: serverErrors,
  formError,
  profile,
  institutions,
  consent,
  submitLabel,
}: Props) {
  const { errors, formProps } = useFormErrors(serverErrors, (intent) =>
    makeNeedForm({ intent: intent === "publish" ? "publish" : "draft" }),
  );
  const [purpose, setPurpose] = useState(initial.purposeCategory);
  const [declared, setDeclared] = useState<string[]>(initial.declaredFlags);
  const [visibility, setVisibility] = useState(initial.visibility);
  const [hydrated, setHydrated] = useState(false);
  const [preview, setPreview] = useState(amountPreview(initial.amount, initial.amountUnit));
  // Before hydration (or without JavaScript) every section shows; afterwards the form adapts to the choices made.
  useEffect(() => setHydrated(true), []);

  const flags = useMemo(
    () =>
      purpose && (Object.values(PurposeCategory) as string[]).includes(purpose)
        ? deriveNeedFlags(profile, purpose as PurposeCategory, declared as NeedFlag[])
        : deriveNeedFlags(profile, "OTHER", declared as NeedFlag[]),
    [profile, purpose, declared],
  );
  const summaryErrors = formError ? { ...errors, _form: formError } : errors;
  const hasErrors = Object.keys(summaryErrors).length > 0;

  const institutionGroups = (["BANK", "GUARANTOR", "INSURER"] as const)
    .map((kind) => ({ kind, items: institutions.filter((institution) => institution.kind === kind) }))
    .filter((group) => group.items.length > 0);

  return (
    <Form
      method="post"
      className="space-y-6"
      {...formProps}
      aria-describedby={hasErrors ? "need-form-errors" : undefined}
    >
      <CsrfInput />
      <FormErrorSummary
        id="need-form-errors"
        errors={summaryErrors}
        message={(count) => `有 ${count} 处需要修改，请查看标红的提示。需求尚未保存。`}
      />

      <FormStep id="need-money" title="1. 需要多少钱、用多久">
        <MoneyField
          name="amount"
          unitName="amountUnit"
          label="融资金额"
          defaultValue={initial.amount}
          defaultUnit={initial.amountUnit}
          error={errors.amount}
          required
          hint={preview ?? "可按万元或元填写，例如 50 万元"}
          onChange={(amount, unit) => setPreview(amountPreview(amount, unit))}
        />
        <TextField
          name="termMonths"
          label="融资期限（月）"
          inputMode="numeric"
          defaultValue={initial.termMonths}
          error={errors.termMonths}
          hint={`1–${NEED_LIMITS.maxTermMonths} 个月，例如 1 年填 12`}
          required
        />
        <TextField
          name="maxAnnualRate"
          label="可接受的最高年利率（%，选填）"
          inputMode="decimal"
          defaultValue={initial.maxAnnualRate}
          error={errors.maxAnnualRate}
          hint="例如 4.35；不填表示由金融机构报价"
        />
        <TextField
          name="wantedBy"
          label="希望资金到位日期（选填）"
          type="date"
          defaultValue={initial.wantedBy}
          error={errors.wantedBy}
        />
      </FormStep>

      <FormStep id="need-purpose" title="2. 资金用途">
        <SelectField
          name="purposeCategory"
          label="用途类别"
          placeholder="请选择"
          options={purposeOptions}
          defaultValue={initial.purposeCategory}
          error={errors.purposeCategory}
          onChange={(event) => setPurpose(event.currentTarget.value)}
          required
        />
        <TextAreaField
          name="description"
          label="需求说明（选填）"
          defaultValue={initial.description}
          error={errors.description}
          maxLength={NEED_LIMITS.descriptionMax}
          rows={4}
          hint={`简要说明经营情况和资金用途，最多 ${NEED_LIMITS.descriptionMax} 字。请勿填写身份证号等敏感信息。`}
        />
        <CheckboxField
          name="shareDescription"
          label="允许金融机构在我授权前看到这段说明（平台会去掉电话、代码等信息）"
          defaultChecked={initial.shareDescription}
          error={errors.shareDescription}
        />
        <ChoiceGroup
          name="declaredFlags"
          legend="其他符合的政策方向（选填）"
          options={DECLARABLE_FLAGS.map((flag) => ({ value: flag, label: needFlagLabel[flag] }))}
          selected={initial.declaredFlags}
          error={errors.declaredFlags}
          onChange={(flag, checked) =>
            setDeclared((current) => (checked ? [...current, flag] : current.filter((item) => item !== flag)))
          }
        />
        <div aria-live="polite" className="rounded-md bg-brand-50 p-3 text-sm">
          <p className="font-medium text-brand-900">
            本需求的政策标签{hydrated ? "" : "（按当前用途计算，保存时更新）"}：
          </p>
          {flags.length === 0 ? (
            <p className="mt-1 text-slate-600">暂无。选择用途后，平台会按您的主体信息和用途自动识别。</p>
          ) : (
            <ul className="mt-2 space-y-1">
              {flags.map((flag) => (
                <li key={flag}>
                  <Badge tone="solid" className="mr-2">
                    {needFlagLabel[flag]}
                  </Badge>
                  <span className="text-slate-700">{needFlagExplanation[flag]}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </FormStep>

      <FormStep id="need-support" title="3. 担保方式和需要的服务">
        <ChoiceGroup
          name="collateralOffered"
          legend="可提供的担保方式（可多选）"
          options={collateralOptions}
          selected={initial.collateralOffered}
          error={errors.collateralOffered}
          hint="没有抵押物也可以申请，请选择“信用（无需抵押）”"
        />
        {/* Three yes/no services under one question; "at least one" is reported on the first (wantsLoan). */}
        <Fieldset id="wantsLoan" legend="需要的金融服务（可多选）" error={errors.wantsLoan}>
          <CheckboxField id="wantsLoan" name="wantsLoan" label="银行贷款" defaultChecked={initial.wantsLoan} />
          <CheckboxField
            id="wantsGuarantee"
            name="wantsGuarantee"
            label="融资担保（担保公司为贷款提供担保）"
            defaultChecked={initial.wantsGuarantee}
          />
          <CheckboxField
            id="wantsInsurance"
            name="wantsInsurance"
            label="保险（如贷款保证保险、农业保险）"
            defaultChecked={initial.wantsInsurance}
          />
        </Fieldset>
      </FormStep>

      <FormStep id="need-visibility" title="4. 向谁推送">
        <ChoiceGroup
          name="visibility"
          legend="对接方式"
          type="radio"
          grid="grid grid-cols-1 gap-x-4"
          options={[
            {
              value: "OPEN",
              label: "公开对接",
              description: "服务您所在地区、产品匹配的金融机构都可以联系您（最多同时 3 家）",
            },
            { value: "DIRECTED", label: "定向对接", description: "只推送给您选定的金融机构" },
          ]}
          selected={[initial.visibility]}
          error={errors.visibility}
          onChange={(value, checked) => checked && setVisibility(value === "DIRECTED" ? "DIRECTED" : "OPEN")}
        />
        {!hydrated || visibility === "DIRECTED" ? (
          <div className="space-y-3">
            {!hydrated ? (
              <p className="text-sm text-slate-600">
                选择“定向对接”时，请在下面勾选金融机构（最多 {NEED_LIMITS.maxDirectedInstitutions} 家）：
              </p>
            ) : null}
            {institutionGroups.map((group) => (
              <ChoiceGroup
                key={group.kind}
                name="institutionIds"
                legend={`${institutionKindLabel[group.kind]}（最多选 ${NEED_LIMITS.maxDirectedInstitutions} 家）`}
                options={group.items.map((institution) => ({ value: institution.id, label: institution.name }))}
                selected={initial.institutionIds}
                error={group.kind === institutionGroups[0]?.kind ? errors.institutionIds : undefined}
              />
            ))}
            {institutionGroups.length === 0 && errors.institutionIds ? (
              <p className="field-error">{errors.institutionIds}</p>
            ) : null}
            <CheckboxField
              name="allowWidening"
              label="如选定的机构 3 个工作日内未响应，允许平台推送给其他匹配的机构"
              defaultChecked={initial.allowWidening}
            />
          </div>
        ) : (
          <input type="hidden" name="allowWidening" value="on" />
        )}
      </FormStep>

      <FormStep id="need-consent" title="5. 信息共享授权">
        {consent ? (
          <>
            <details className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
              <summary className="cursor-pointer font-medium text-brand-800">
                阅读《融资需求信息共享授权书》（版本 {consent.version}）
              </summary>
              <div className="mt-3 max-h-80 overflow-y-auto whitespace-pre-wrap leading-6 text-slate-700">
                {consent.body}
              </div>
            </details>
            <input type="hidden" name="consentVersion" value={consent.version} />
            <CheckboxField
              name="consent"
              label={`我已阅读并同意《融资需求信息共享授权书》（版本 ${consent.version}），同意按所选对接方式共享本主体信息`}
              defaultChecked={false}
              error={errors.consent}
              hint="仅“发布需求”时需要勾选；保存草稿不会共享任何信息。"
            />
          </>
        ) : (
          <p className="text-sm text-red-700">平台授权书尚未配置，目前只能保存草稿。</p>
        )}
      </FormStep>

      <div className="flex flex-col gap-3 sm:flex-row">
        <SubmitButton name="_intent" value="publish" pendingLabel="正在发布…" disabled={!consent}>
          {submitLabel ?? "发布需求"}
        </SubmitButton>
        <SubmitButton name="_intent" value="draft" tone="secondary" pendingLabel="正在保存…">
          保存草稿
        </SubmitButton>
      </div>
    </Form>
  );
}

/**
 * The page around the form, for a new need and for editing a draft: the saved values, or after a refused post the
 * posted ones with their errors (a new key then remounts the form, so its fields show what was posted).
 */
export function NeedFormPage({
  back,
  title,
  intro,
  saved,
  savedKey,
  posted,
  ...context
}: Pick<Props, "profile" | "institutions" | "consent"> & {
  back: { to: string; label: string };
  title: string;
  intro: string;
  saved: NeedFormInitial;
  savedKey: string;
  posted: { values: Record<string, string | string[]>; fieldErrors: FieldErrors } | undefined;
}) {
  return (
    <Page width="2xl">
      <PageHeader back={back} title={title} subtitle={intro} />
      <div className="mt-6">
        <NeedForm
          key={posted ? JSON.stringify(posted.values) : savedKey}
          initial={posted?.values ? initialFromPosted(posted.values) : saved}
          errors={posted?.fieldErrors}
          formError={posted?.fieldErrors._form}
          {...context}
        />
      </div>
    </Page>
  );
}
