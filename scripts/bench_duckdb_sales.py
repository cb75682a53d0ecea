#!/usr/bin/env python3
"""The DuckDB baseline of bench_sales_report: sales by category and month over the same rows, timed.

Usage: bench_duckdb_sales.py DIR FROM_DATE TO_DATE RUNS
DIR holds orders.csv (id, status, order_date, amount, amount_base, returned_base) and lines.csv
(order_id, category, quantity_milli, returned_milli, gross), written by the bench from the SQLite file.
Loads both into DuckDB's own in-memory tables (the load is timed apart), then runs the query RUNS times.
Prints one JSON object: the DuckDB version, threads, load seconds, p50 and p99 in ms, and the figures.
"""
import json
import sys
import time

import duckdb


def main() -> None:
    folder, date_from, date_to, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(
        f"""CREATE TABLE orders AS SELECT * FROM read_csv('{folder}/orders.csv', header = true, columns = {{
              'id': 'VARCHAR', 'status': 'VARCHAR', 'order_date': 'DATE', 'amount': 'BIGINT',
              'amount_base': 'BIGINT', 'returned_base': 'BIGINT'}})"""
    )
    con.execute(
        f"""CREATE TABLE lines AS SELECT * FROM read_csv('{folder}/lines.csv', header = true, columns = {{
              'order_id': 'VARCHAR', 'category': 'VARCHAR', 'quantity_milli': 'BIGINT',
              'returned_milli': 'BIGINT', 'gross': 'BIGINT'}})"""
    )
    load = time.perf_counter() - started
    query = """
        SELECT COALESCE(l.category, '') AS category, strftime(o.order_date, '%Y-%m') AS month,
               COUNT(DISTINCT o.id) AS orders,
               SUM(l.quantity_milli - l.returned_milli) AS quantity_milli,
               SUM(CAST(ROUND(1.0 * l.gross * (l.quantity_milli - l.returned_milli) / l.quantity_milli
                              * o.amount_base / NULLIF(o.amount, 0)) AS BIGINT)) AS amount
          FROM orders o JOIN lines l ON l.order_id = o.id
         WHERE o.status IN ('approved', 'partially_delivered', 'delivered', 'completed')
           AND o.order_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
         GROUP BY 1, 2 ORDER BY 1, 2"""
    samples = []
    rows = []
    for i in range(runs + 1):
        started = time.perf_counter()
        rows = con.execute(query, [date_from, date_to]).fetchall()
        if i > 0:  # the first run warms up
            samples.append((time.perf_counter() - started) * 1e3)
    samples.sort()

    def pick(p: float) -> float:
        return samples[min(len(samples) - 1, round((len(samples) - 1) * p))]

    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(json.dumps({
        "version": duckdb.__version__, "threads": threads, "load_s": load, "p50_ms": pick(0.5), "p99_ms": pick(0.99),
        "rows": [[r[0], r[1], r[2], r[3], r[4]] for r in rows],
    }))


if __name__ == "__main__":
    main()
