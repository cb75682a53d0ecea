//! Schema versions (LIFE-6): the version lives in `PRAGMA user_version`; older files migrate forward, newer ones are refused.

use rusqlite::Connection;

use super::error::{StorageError, StorageResult};

/// One forward migration: the SQL that takes a file from version `n - 1` to `n`
/// (entry `n - 1` of [`MIGRATIONS`]). Never edit a released entry; append.
pub(crate) struct Migration {
    pub parts: &'static [&'static str],
}

/// Every migration, oldest first. Version 1 is the initial schema, one file per module.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        parts: &[
            include_str!("schema/v1_core.sql"),
            include_str!("schema/v1_org.sql"),
            include_str!("schema/v1_customers.sql"),
            include_str!("schema/v1_leads.sql"),
            include_str!("schema/v1_opportunities.sql"),
            include_str!("schema/v1_activities.sql"),
        ],
    },
    Migration {
        parts: &[
            include_str!("schema/v2_sales.sql"),
            include_str!("schema/v2_scores.sql"),
            include_str!("schema/v2_funnel.sql"),
            include_str!("schema/v2_predictions.sql"),
        ],
    },
    Migration { parts: &[include_str!("schema/v3_scoring.sql")] },
    Migration { parts: &[include_str!("schema/v4_repairs.sql")] },
    Migration { parts: &[include_str!("schema/v5_approvals.sql")] },
    Migration { parts: &[include_str!("schema/v6_roles.sql")] },
    Migration { parts: &[include_str!("schema/v7_notifications.sql")] },
    Migration {
        parts: &[
            include_str!("schema/v8_products.sql"),
            include_str!("schema/v8_quotes.sql"),
            include_str!("schema/v8_orders.sql"),
            include_str!("schema/v8_receivables.sql"),
        ],
    },
    Migration { parts: &[include_str!("schema/v9_receivable_totals.sql")] },
    Migration {
        parts: &[
            include_str!("schema/v10_contracts.sql"),
            include_str!("schema/v10_invoices.sql"),
            include_str!("schema/v10_statistics.sql"),
            include_str!("schema/v10_finance.sql"),
        ],
    },
    Migration { parts: &[include_str!("schema/v11_timeline.sql")] },
    Migration { parts: &[include_str!("schema/v12_sales_facts.sql")] },
    Migration { parts: &[include_str!("schema/v13_imports.sql")] },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn version(conn: &Connection) -> StorageResult<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Refuses a file newer than this build. Every open calls it before setting anything on the file (the
/// journal mode is written into it), so a refused file is left exactly as it was.
pub(crate) fn refuse_newer(conn: &Connection) -> StorageResult<()> {
    let found = version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StorageError::SchemaTooNew { found, supported: SCHEMA_VERSION });
    }
    Ok(())
}

/// Refuses files newer than this build and files that need migrating; used by read-only opens, which cannot migrate.
pub(crate) fn check(conn: &Connection) -> StorageResult<()> {
    refuse_newer(conn)?;
    let found = version(conn)?;
    if found < SCHEMA_VERSION {
        return Err(StorageError::NeedsMigration { found });
    }
    Ok(())
}

/// Applies every migration the file has not seen yet, all in one transaction.
pub(crate) fn migrate(conn: &Connection) -> StorageResult<()> {
    migrate_to(conn, MIGRATIONS)
}

pub(crate) fn migrate_to(conn: &Connection, migrations: &[Migration]) -> StorageResult<()> {
    let supported = migrations.len() as i64;
    let found = version(conn)?;
    if found > supported {
        return Err(StorageError::SchemaTooNew { found, supported });
    }
    if found == supported {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> StorageResult<()> {
        for m in &migrations[found as usize..] {
            for part in m.parts {
                conn.execute_batch(part)?;
            }
        }
        conn.pragma_update(None, "user_version", supported)?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: Migration = Migration { parts: &["CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;"] };
    const V2: Migration =
        Migration { parts: &["ALTER TABLE t ADD COLUMN note TEXT;", "UPDATE t SET note = 'migrated';"] };
    const BROKEN: Migration = Migration { parts: &["ALTER TABLE t ADD COLUMN note TEXT;", "THIS IS NOT SQL;"] };

    fn version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
    }

    #[test]
    fn life_6_older_file_migrates_forward_keeping_data() {
        let conn = Connection::open_in_memory().unwrap();
        migrate_to(&conn, &[V1]).unwrap();
        conn.execute("INSERT INTO t (name) VALUES ('kept')", []).unwrap();
        migrate_to(&conn, &[V1, V2]).unwrap();
        assert_eq!(version(&conn), 2);
        let (name, note): (String, String) =
            conn.query_row("SELECT name, note FROM t", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((name.as_str(), note.as_str()), ("kept", "migrated"));
    }

    #[test]
    fn life_6_failed_migration_changes_nothing() {
        let conn = Connection::open_in_memory().unwrap();
        migrate_to(&conn, &[V1]).unwrap();
        assert!(migrate_to(&conn, &[V1, BROKEN]).is_err());
        assert_eq!(version(&conn), 1);
        let cols: i64 = conn.query_row("SELECT COUNT(*) FROM pragma_table_info('t')", [], |r| r.get(0)).unwrap();
        assert_eq!(cols, 2, "the half-applied migration was rolled back");
    }

    #[test]
    fn life_6_newer_file_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        migrate_to(&conn, &[V1, V2]).unwrap();
        match migrate_to(&conn, &[V1]) {
            Err(StorageError::SchemaTooNew { found: 2, supported: 1 }) => {}
            other => panic!("expected SchemaTooNew, got {other:?}"),
        }
    }

    #[test]
    fn life_6_v3_keeps_scores_and_segments_with_their_dates_moved_out_of_the_rows() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        migrate_to(&conn, &MIGRATIONS[..2]).unwrap();
        conn.execute_batch(
            "INSERT INTO value_models (id, code, name, dimensions, grading, version, created_at, updated_at)
               VALUES ('m1', 'std', 'std', '[]', '{}', 2, 'x', 'x');
             INSERT INTO customer_scores VALUES ('m1', 'c1', 2, '2026-03-01', 8150, 'A', '100000,9');
             INSERT INTO customer_segments (customer_id, as_of, window_days, recency_days, frequency, monetary,
               r, f, m, segment, abc_class, abc_share_before, mean_interval_days, churn_risk)
               VALUES ('c1', '2026-03-01', 365, 9, 2, 100000, 3, 4, 4, 'loyal', 'A', 0, 41.0, 0),
                      ('c5', '2026-03-01', 365, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0);",
        )
        .unwrap();
        migrate_to(&conn, &MIGRATIONS[..3]).unwrap();
        assert_eq!(version(&conn), 3);
        let model: (String, i64, String) = conn
            .query_row(
                "SELECT m.scored_as_of, s.score, s.dimension_values FROM customer_scores s
                 JOIN value_models m ON m.id = s.model_id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(model, ("2026-03-01".to_string(), 8150, "100000,9".to_string()));
        let last: Vec<Option<String>> = conn
            .prepare("SELECT last_order_date FROM customer_segments ORDER BY customer_id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(last, [Some("2026-02-20".to_string()), None]);
        let meta: String =
            conn.query_row("SELECT value FROM meta WHERE key = 'segments_as_of'", [], |r| r.get(0)).unwrap();
        assert_eq!(meta, "2026-03-01");
    }

    /// A version 3 file as an ERP left it: order codes that are ERP numbers (one repeated, one that looks
    /// like ours but is past the sequence), one the sequence made, and a customer whose owner moved.
    const V3_DATA: &str = "
        INSERT INTO departments (id, name, path, created_at, updated_at) VALUES
            ('east', 'East', '/east/', 't', 't'), ('west', 'West', '/west/', 't', 't');
        INSERT INTO users (id, name, department_id, created_at, updated_at) VALUES ('rep', 'Rep', 'west', 't', 't');
        INSERT INTO customers (id, code, name, name_key, kind, status, owner_id, department_id, created_at, updated_at)
            VALUES ('c', 'C-000001', 'C', 'c', 'company', 'transaction', 'rep', 'east', 't', 't');
        INSERT INTO code_sequences (entity, prefix, next_value) VALUES ('order', 'SO-', 2);
        INSERT INTO custom_field_defs (entity, key, label, field_type, position) VALUES ('customer', 'k', 'K', 'text', 1);
        INSERT INTO orders (id, code, customer_id, status, order_date, due_date, amount, currency, fx_rate,
                            amount_base, external_ref, created_at, updated_at) VALUES
            ('o1', 'SO-000001', 'c', 'approved', '2026-01-01', '2026-01-01', 1, 'CNY', '1', 1, 'E1', '2026-01-01T00:00:01Z', 't'),
            ('o2', 'ERP-7', 'c', 'approved', '2026-01-02', '2026-01-02', 1, 'CNY', '1', 1, 'E2', '2026-01-01T00:00:02Z', 't'),
            ('o3', 'ERP-7', 'c', 'draft', '2026-01-03', '2026-01-03', 1, 'CNY', '1', 1, 'E3', '2026-01-01T00:00:03Z', 't'),
            ('o4', 'SO-000009', 'c', 'draft', '2026-01-04', '2026-01-04', 1, 'CNY', '1', 1, 'E4', '2026-01-01T00:00:04Z', 't');
    ";

    #[test]
    fn doc_8_v4_gives_every_order_a_unique_code_and_keeps_the_erp_number() {
        let conn = Connection::open_in_memory().unwrap();
        migrate_to(&conn, &MIGRATIONS[..3]).unwrap();
        conn.execute_batch(V3_DATA).unwrap();
        migrate(&conn).unwrap();
        let mut stmt = conn.prepare("SELECT id, code, erp_number FROM orders ORDER BY id").unwrap();
        let rows: Vec<(String, String, Option<String>)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap();
        let expected = [
            ("o1", "SO-000001", None),
            ("o2", "SO-000002", Some("ERP-7")),
            ("o3", "SO-000003", Some("ERP-7")),
            ("o4", "SO-000004", Some("SO-000009")),
        ];
        let rows: Vec<(&str, &str, Option<&str>)> =
            rows.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_deref())).collect();
        assert_eq!(rows, expected);
        let next: i64 =
            conn.query_row("SELECT next_value FROM code_sequences WHERE entity = 'order'", [], |r| r.get(0)).unwrap();
        assert_eq!(next, 5, "the sequence continues after the renumbered orders");
        let duplicate =
            conn.execute("UPDATE orders SET code = 'SO-000001' WHERE id = 'o2'", []).expect_err("codes are unique");
        assert!(duplicate.to_string().contains("UNIQUE"), "{duplicate}");
        // ORG-3: the customer follows its owner, who had moved to west.
        let dept: String = conn.query_row("SELECT department_id FROM customers", [], |r| r.get(0)).unwrap();
        assert_eq!(dept, "west");
        let archived: Option<String> =
            conn.query_row("SELECT archived_at FROM custom_field_defs", [], |r| r.get(0)).unwrap();
        assert_eq!(archived, None, "definitions stay live");
    }
}
