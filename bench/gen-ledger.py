#!/usr/bin/env python3
"""Writes a beancount ledger and an hledger journal of about the same byte size as a corpus,
for the peer comparison in BENCHMARKS.md (bench/run.sh).

    python3 bench/gen-ledger.py BYTES OUT_DIR     # writes OUT_DIR/ledger.beancount, OUT_DIR/ledger.journal

Transactions are deterministic (a fixed seed), balanced, dated in order, with CJK payees and
narrations, so both tools do their full job: parse, book, balance-check every transaction.
"""
import random
import sys
from pathlib import Path

ACCOUNTS = [
    "Expenses:Office:Supplies", "Expenses:Travel:Transport", "Expenses:Meetings:Venue",
    "Expenses:Training:Fees", "Expenses:Maintenance:Roads", "Expenses:Subsidy:Households",
    "Expenses:Equipment:Purchase", "Expenses:Services:Outsourced",
]
FUNDS = ["Assets:Treasury:Fiscal", "Assets:Treasury:Carryover", "Assets:Bank:Other"]
PAYEES = ["区人大常委会办公室", "某县水利局", "某区文化和旅游发展委员会", "某县农村供水管理站", "区财政局"]
NARRATIONS = [
    "召开人代会会务费", "农村饮水安全工程进度款", "群众文化活动场地租赁", "基层干部培训费",
    "农村公路养护工程款", "困难群众生活补助发放", "办公设备采购", "第三方绩效评价服务费",
]


def transactions(rng):
    day = 0
    while True:
        day += 1
        date = f"{2023 + day // 365000:04d}-{(day // 28) % 12 + 1:02d}-{day % 28 + 1:02d}"
        legs = [(rng.choice(ACCOUNTS), rng.randint(100, 5_000_000)) for _ in range(rng.randint(1, 3))]
        yield date, rng.choice(PAYEES), rng.choice(NARRATIONS), legs, rng.choice(FUNDS)


def amount(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def main():
    size, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    # Dates must not go backwards for either tool: use one year, sorted, many per day.
    rng = random.Random(1)
    bean = ["option \"operating_currency\" \"CNY\"\n"]
    journal = []
    for account in ACCOUNTS + FUNDS:
        bean.append(f"2023-01-01 open {account} CNY\n")
    bean_size = sum(map(len, (s.encode() for s in bean)))
    journal_size = 0
    body_bean, body_journal = [], []
    count = 0
    for _, payee, narration, legs, fund in transactions(rng):
        if bean_size >= size and journal_size >= size:
            break
        count += 1
        # A date per ~100 transactions keeps both files sorted by date.
        date = f"2023-{(count // 2800) % 12 + 1:02d}-{(count // 100) % 28 + 1:02d}"
        total = sum(cents for _, cents in legs)
        b = [f'{date} * "{payee}" "{narration} 第{count}笔"\n']
        j = [f"{date} {payee} | {narration} 第{count}笔\n"]
        for account, cents in legs:
            b.append(f"  {account}  {amount(cents)} CNY\n")
            j.append(f"    {account.lower()}  CNY {amount(cents)}\n")
        b.append(f"  {fund}  -{amount(total)} CNY\n\n")
        j.append(f"    {fund.lower()}  CNY -{amount(total)}\n\n")
        if bean_size < size:
            text = "".join(b)
            body_bean.append(text)
            bean_size += len(text.encode())
        if journal_size < size:
            text = "".join(j)
            body_journal.append(text)
            journal_size += len(text.encode())
    (out / "ledger.beancount").write_text("".join(bean + body_bean), encoding="utf-8")
    (out / "ledger.journal").write_text("".join(body_journal), encoding="utf-8")
    print(f"{bean_size} bytes beancount, {journal_size} bytes journal, {count} transactions")


if __name__ == "__main__":
    main()
