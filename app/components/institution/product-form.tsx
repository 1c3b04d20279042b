import { ChoiceGroup } from "~/components/ui/choice-group.tsx";
import { FormErrorSummary } from "~/components/ui/form-error-summary.tsx";
import { PostForm } from "~/components/ui/post-form.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { SubmitButton } from "~/components/ui/submit-button.tsx";
import { TextAreaField } from "~/components/ui/textarea-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import type { ProductKind } from "~/generated/prisma/enums.ts";
import type { FieldErrors } from "~/kernel/forms.ts";
import {
  chargeBasisLabel,
  feeBaseLabel,
  repaymentMethodLabel,
  subsidyModeLabel,
} from "~/modules/financing-cost/cost-labels.ts";
import {
  CHARGE_BASES,
  COLLATERALS,
  ENTITY_TYPES,
  FEE_BASES,
  INDUSTRY_SECTIONS,
  PRODUCT_FLAGS,
  PRODUCT_POLICY_TOOLS,
  REPAYMENT_METHOD_VALUES,
  SUBSIDY_FIELDS,
  SUBSIDY_MODES,
} from "~/modules/products/product-form.ts";
import {
  collateralLabel,
  entityTypeLabel,
  industrySectionLabel,
  policyToolLabel,
  productFlagLabel,
} from "~/kernel/labels.ts";

export type ProductFormValues = Record<string, string | string[] | undefined>;

function one(values: ProductFormValues, key: string): string | undefined {
  const value = values[key];
  return Array.isArray(value) ? value[0] : value;
}

function many(values: ProductFormValues, key: string): string[] {
  const value = values[key];
  return value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value];
}

/** Create and edit share one form; it posts without JavaScript and shows each error next to its field. */
export function ProductForm({
  kind,
  values,
  errors,
  regions,
  submitLabel,
}: {
  kind: ProductKind;
  values: ProductFormValues;
  errors: FieldErrors;
  regions: { id: string; name: string; kind: string }[];
  submitLabel: string;
}) {
  const isLoan = kind === "LOAN";
  return (
    <PostForm intent="save" className="space-y-6" noValidate>
      <FormErrorSummary errors={errors} message={(count) => `提交的内容有 ${count} 处需要修改，请查看标红的字段。`} />
      <fieldset className="card space-y-4">
        <legend className="px-1 text-base font-semibold text-slate-900">基本信息</legend>
        <TextField
          name="name"
          label="产品名称"
          required
          maxLength={60}
          defaultValue={one(values, "name")}
          error={errors.name}
        />
        <TextField
          name="summary"
          label="一句话简介"
          required
          maxLength={120}
          defaultValue={one(values, "summary")}
          error={errors.summary}
        />
        <TextAreaField
          name="description"
          label="产品介绍"
          required
          rows={5}
          maxLength={4000}
          defaultValue={one(values, "description")}
          error={errors.description}
          hint="申请条件、办理流程、特色等，企业在产品超市中可见"
        />
      </fieldset>

      <fieldset className="card space-y-4">
        <legend className="px-1 text-base font-semibold text-slate-900">额度、期限与价格</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="minAmount"
            label="最低额度（元）"
            inputMode="decimal"
            required
            defaultValue={one(values, "minAmount")}
            error={errors.minAmount}
          />
          <TextField
            name="maxAmount"
            label="最高额度（元）"
            inputMode="decimal"
            required
            defaultValue={one(values, "maxAmount")}
            error={errors.maxAmount}
          />
          <TextField
            name="minTermMonths"
            label="最短期限（月）"
            inputMode="numeric"
            required
            defaultValue={one(values, "minTermMonths")}
            error={errors.minTermMonths}
          />
          <TextField
            name="maxTermMonths"
            label="最长期限（月）"
            inputMode="numeric"
            required
            defaultValue={one(values, "maxTermMonths")}
            error={errors.maxTermMonths}
          />
          {isLoan ? (
            <>
              <TextField
                name="minAnnualRate"
                label="最低年化利率（%）"
                inputMode="decimal"
                required
                defaultValue={one(values, "minAnnualRate")}
                error={errors.minAnnualRate}
                hint="例如 3.45，范围 0–24"
              />
              <TextField
                name="maxAnnualRate"
                label="最高年化利率（%）"
                inputMode="decimal"
                required
                defaultValue={one(values, "maxAnnualRate")}
                error={errors.maxAnnualRate}
              />
            </>
          ) : (
            <TextField
              name="feeRate"
              label={kind === "GUARANTEE" ? "年化担保费率（%）" : "保险费率（%）"}
              inputMode="decimal"
              required
              defaultValue={one(values, "feeRate")}
              error={errors.feeRate}
              hint="范围 0–10"
            />
          )}
          <TextField
            name="minYearsInBusiness"
            label="最低经营年限（年）"
            inputMode="numeric"
            required
            defaultValue={one(values, "minYearsInBusiness") ?? "0"}
            error={errors.minYearsInBusiness}
          />
          <SelectField
            name="policyTool"
            label="对接的货币政策工具"
            options={PRODUCT_POLICY_TOOLS.map((tool) => ({ value: tool, label: policyToolLabel[tool] }))}
            placeholder="（不涉及）"
            defaultValue={one(values, "policyTool")}
            error={errors.policyTool}
          />
        </div>
      </fieldset>

      <fieldset className="card space-y-4">
        <legend className="px-1 text-base font-semibold text-slate-900">还款方式、费用与补贴</legend>
        <p className="text-sm text-slate-600">
          用于按内部收益率（IRR）法计算并展示年化综合成本（含利息、担保费、保费和各项费用，扣除补贴）。没有的费用留空。
        </p>
        {isLoan ? (
          <ChoiceGroup
            name="repaymentMethods"
            legend="可选还款方式"
            options={REPAYMENT_METHOD_VALUES.map((value) => ({ value, label: repaymentMethodLabel[value] }))}
            selected={many(values, "repaymentMethods")}
            error={errors.repaymentMethods}
            size="sm"
            grid="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-3"
          />
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2">
          {isLoan ? (
            <>
              <TextField
                name="upfrontFeeAmount"
                label="一次性费用金额（元）"
                inputMode="decimal"
                defaultValue={one(values, "upfrontFeeAmount")}
                error={errors.upfrontFeeAmount}
              />
              <TextField
                name="upfrontFeeRate"
                label="一次性费率（占本金 %）"
                inputMode="decimal"
                defaultValue={one(values, "upfrontFeeRate")}
                error={errors.upfrontFeeRate}
              />
              <TextField
                name="periodicFeeRate"
                label="按月收取的费用（年费率 %）"
                inputMode="decimal"
                defaultValue={one(values, "periodicFeeRate")}
                error={errors.periodicFeeRate}
              />
              <SelectField
                name="periodicFeeBase"
                label="按月费用的计费基数"
                options={FEE_BASES.map((value) => ({ value, label: feeBaseLabel[value] }))}
                defaultValue={one(values, "periodicFeeBase")}
                error={errors.periodicFeeBase}
              />
              <TextField
                name="guaranteeFeeRate"
                label="内含担保费（年费率 %）"
                inputMode="decimal"
                defaultValue={one(values, "guaranteeFeeRate")}
                error={errors.guaranteeFeeRate}
                hint="贷款本身包含担保（如政银担）时填写"
              />
              <TextField
                name="premiumRate"
                label="内含保险费（年费率 %）"
                inputMode="decimal"
                defaultValue={one(values, "premiumRate")}
                error={errors.premiumRate}
              />
            </>
          ) : null}
          <SelectField
            name="feeBasis"
            label={isLoan ? "担保费、保费收取方式" : kind === "GUARANTEE" ? "担保费收取方式" : "保费收取方式"}
            options={CHARGE_BASES.map((value) => ({ value, label: chargeBasisLabel[value] }))}
            defaultValue={one(values, "feeBasis")}
            error={errors.feeBasis}
          />
          <SelectField
            name="feeBase"
            label="计费基数"
            options={FEE_BASES.map((value) => ({ value, label: feeBaseLabel[value] }))}
            defaultValue={one(values, "feeBase")}
            error={errors.feeBase}
          />
        </div>
        {SUBSIDY_FIELDS.filter((field) => (field.kind === "INTEREST" ? isLoan : kind !== "INSURANCE")).map(
          ({ prefix, label }) => (
            <fieldset key={prefix} className="space-y-3 border-t border-slate-100 pt-3">
              <legend className="text-sm font-medium text-slate-900">{label}（选填）</legend>
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  name={`${prefix}Rate`}
                  label={`${label}幅度（年 %）`}
                  inputMode="decimal"
                  defaultValue={one(values, `${prefix}Rate`)}
                  error={errors[`${prefix}Rate`]}
                />
                <SelectField
                  name={`${prefix}Mode`}
                  label={`${label}方式`}
                  options={SUBSIDY_MODES.map((value) => ({ value, label: subsidyModeLabel[value] }))}
                  placeholder="请选择"
                  defaultValue={one(values, `${prefix}Mode`)}
                  error={errors[`${prefix}Mode`]}
                />
                <TextField
                  name={`${prefix}Source`}
                  label="政策依据"
                  defaultValue={one(values, `${prefix}Source`)}
                  error={errors[`${prefix}Source`]}
                />
                <TextField
                  name={`${prefix}Eligibility`}
                  label="适用对象"
                  defaultValue={one(values, `${prefix}Eligibility`)}
                  error={errors[`${prefix}Eligibility`]}
                />
              </div>
            </fieldset>
          ),
        )}
      </fieldset>

      <fieldset className="card space-y-5">
        <legend className="px-1 text-base font-semibold text-slate-900">准入条件</legend>
        <ChoiceGroup
          name="acceptedCollateral"
          legend="担保方式（至少一项）"
          options={COLLATERALS.map((value) => ({ value, label: collateralLabel[value] }))}
          selected={many(values, "acceptedCollateral")}
          error={errors.acceptedCollateral}
          size="sm"
          grid="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3"
        />
        <ChoiceGroup
          name="eligibleEntityTypes"
          legend="适用主体类型（至少一项）"
          options={ENTITY_TYPES.map((value) => ({ value, label: entityTypeLabel[value] }))}
          selected={many(values, "eligibleEntityTypes")}
          error={errors.eligibleEntityTypes}
          size="sm"
          grid="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4"
        />
        <ChoiceGroup
          name="regionIds"
          legend="适用地区（至少一项）"
          options={regions.map((region) => ({ value: region.id, label: region.name }))}
          selected={many(values, "regionIds")}
          error={errors.regionIds}
          hint="选择上级地区即覆盖其下所有区县和园区"
          size="sm"
          grid="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4"
        />
        <ChoiceGroup
          name="eligibleIndustrySections"
          legend="适用行业（不选表示不限）"
          options={INDUSTRY_SECTIONS.map((value) => ({ value, label: `${value} ${industrySectionLabel[value]}` }))}
          selected={many(values, "eligibleIndustrySections")}
          error={errors.eligibleIndustrySections}
          size="sm"
          grid="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-2"
        />
        <ChoiceGroup
          name="flags"
          legend="产品标签"
          options={PRODUCT_FLAGS.map((value) => ({ value, label: productFlagLabel[value] }))}
          selected={many(values, "flags")}
          error={errors.flags}
          size="sm"
          grid="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-4"
        />
      </fieldset>

      <fieldset className="card space-y-4">
        <legend className="px-1 text-base font-semibold text-slate-900">有效期（选填）</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            name="validFrom"
            label="生效日期"
            type="date"
            defaultValue={one(values, "validFrom")}
            error={errors.validFrom}
          />
          <TextField
            name="validTo"
            label="截止日期"
            type="date"
            defaultValue={one(values, "validTo")}
            error={errors.validTo}
          />
        </div>
      </fieldset>

      <SubmitButton>{submitLabel}</SubmitButton>
    </PostForm>
  );
}
