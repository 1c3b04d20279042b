import { Form } from "@remix-run/react";
import { Section } from "~/components/ui/card.tsx";
import { DataTable } from "~/components/ui/data-table.tsx";
import { SelectField } from "~/components/ui/select-field.tsx";
import { TextField } from "~/components/ui/text-field.tsx";
import type { CostQuote, RateFigure, ScheduleRow } from "~/modules/financing-cost/quote.ts";

function RateHeadline({ rate, caption }: { rate: RateFigure; caption: string }) {
  if (rate.kind === "none") return <p className="text-sm text-amber-700">{rate.message}</p>;
  return (
    <div>
      <p className="text-sm text-slate-600">{caption}</p>
      <p className="text-3xl font-semibold tabular-nums text-brand-700" data-apr="compound">
        {rate.compound}
      </p>
      <p className="text-sm text-slate-500" data-apr="simple">
        单利 {rate.simple}
      </p>
    </div>
  );
}

const SCHEDULE_COLUMNS = [
  {
    key: "month",
    header: "期数",
    rowHeader: true,
    cell: (row: ScheduleRow) => (row.month === 0 ? "放款日" : `第 ${row.month} 期`),
  },
  {
    key: "payment",
    header: "本期支付",
    numeric: true,
    cell: (row: ScheduleRow) => (row.drawdown ? `到账 ${row.drawdown}；支付 ${row.payment}` : row.payment),
  },
  { key: "principal", header: "本金", numeric: true, cell: (row: ScheduleRow) => row.principal },
  { key: "interest", header: "利息", numeric: true, cell: (row: ScheduleRow) => row.interest },
  { key: "fees", header: "费用", numeric: true, cell: (row: ScheduleRow) => row.fees },
  { key: "subsidy", header: "补贴", numeric: true, cell: (row: ScheduleRow) => row.subsidy },
  { key: "balance", header: "剩余本金", numeric: true, cell: (row: ScheduleRow) => row.balance },
];

/**
 * 年化综合成本 of a product for an amount, term and repayment method the reader enters: a GET form, so it works
 * without JavaScript and the figures can be linked to.
 */
export function CostQuoteSection({ quote, isLoan }: { quote: CostQuote; isLoan: boolean }) {
  return (
    <Section id="cost" title="年化综合成本测算" className="mt-5">
      <Form method="get" preventScrollReset className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="测算条件">
        <TextField
          name="amount"
          label="金额（万元）"
          inputMode="decimal"
          defaultValue={quote.input.amountWan}
          error={quote.errors.amountWan}
        />
        <TextField
          name="term"
          label="期限（月）"
          inputMode="numeric"
          defaultValue={quote.input.termMonths}
          error={quote.errors.termMonths}
        />
        {isLoan && quote.methods.length > 0 ? (
          <SelectField name="method" label="还款方式" options={quote.methods} defaultValue={quote.input.method} />
        ) : null}
        <div className="col-span-2 flex items-end sm:col-span-1">
          <button type="submit" className="btn-secondary w-full">
            重新测算
          </button>
        </div>
      </Form>

      <div className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-3">
        <RateHeadline rate={quote.rate} caption={isLoan ? "年化利率（复利）" : "费用折合年化（复利）"} />
        {quote.rateAtMax ? <RateHeadline rate={quote.rateAtMax} caption="按最高年利率，年化利率（复利）" /> : null}
        {quote.withSubsidies ? (
          <RateHeadline rate={quote.withSubsidies.rate} caption="享受补贴后，年化利率（复利）" />
        ) : null}
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {quote.rateNote}。年化利率按内部收益率（IRR）法计算，含利息、各项费用，扣除补贴；单利仅供参考。
      </p>
      {quote.assumption ? <p className="mt-1 text-xs text-amber-700">{quote.assumption}</p> : null}
      {quote.charges.length > 0 ? (
        <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
          {quote.charges.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}

      <h3 className="mt-4 text-sm font-semibold text-slate-900">成本构成</h3>
      <DataTable
        caption="成本构成"
        variant="ruled"
        dense
        dataTable="cost-breakdown"
        rowKey={(row) => row.label}
        rows={[...quote.breakdown, { label: "合计", total: quote.totalCost, firstYear: quote.firstYearCost }]}
        columns={[
          { key: "label", header: "项目", rowHeader: true, cell: (row) => row.label },
          { key: "total", header: "全期", numeric: true, cell: (row) => row.total },
          { key: "firstYear", header: "第一年", numeric: true, cell: (row) => row.firstYear },
        ]}
      />
      {quote.withSubsidies ? (
        <p className="mt-2 text-sm text-slate-700">享受补贴后全期成本 {quote.withSubsidies.totalCost}。</p>
      ) : null}

      {quote.subsidies.length > 0 ? (
        <>
          <h3 className="mt-4 text-sm font-semibold text-slate-900">可申请的补贴</h3>
          <ul className="mt-1 space-y-2 text-sm text-slate-700">
            {quote.subsidies.map((subsidy) => (
              <li key={subsidy.source}>
                {subsidy.text}
                <span className="block text-xs text-slate-500">
                  政策依据：{subsidy.source}；适用对象：{subsidy.eligibility}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <details className="mt-4" open={quote.schedule.length <= 13}>
        <summary className="cursor-pointer text-sm font-semibold text-slate-900">
          还款计划（{quote.methodLabel}，共 {quote.schedule.filter((row) => row.month > 0).length} 期）
        </summary>
        <DataTable
          caption="还款计划"
          variant="ruled"
          dense
          dataTable="repayment-schedule"
          className="min-w-[40rem] text-xs"
          rowKey={(row) => String(row.month)}
          rows={quote.schedule}
          columns={SCHEDULE_COLUMNS}
        />
      </details>
    </Section>
  );
}
