// Package store implements pmo.Services on SQLite (modernc.org/sqlite, pure
// Go) and PostgreSQL (pgx through database/sql) with the same hand-written
// SQL, written with ? placeholders and rebound to $n for PostgreSQL.
//
// Schema changes are numbered SQL files per dialect under migrations/, run
// forward-only by goose when a DB is opened.
//
// On SQLite the store keeps two *sql.DB: a writer with exactly one connection
// whose transactions start with BEGIN IMMEDIATE, and a pool of query-only
// readers. SQLite allows one writer at a time; taking the write lock up front
// on a single connection turns contention into an orderly queue inside
// database/sql instead of SQLITE_BUSY errors ("database is locked") and lock
// upgrades that deadlock, while WAL lets readers proceed beside the writer.
// PostgreSQL uses one pool, and write transactions are retried on
// serialization failures and deadlocks.
//
// Every exported method runs in one transaction: it begins it, defers a
// rollback, calls helpers that take the transaction, and commits. Domain
// validation (Prepare) runs before every write and its error is returned
// unchanged; references are checked inside the transaction.
package store
