package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// cachedCount returns how many statements the connection behind db keeps.
func cachedCount(t *testing.T, db *sql.DB) int {
	t.Helper()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	err = conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		c.mu.Lock()
		defer c.mu.Unlock()
		n = len(c.stmts)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStatementCache: a statement is prepared once and run again from its
// prepared form; the same statement used again while its rows are still
// open (nested) gives both uses their own results; a statement of several
// is not cached but still runs whole; a changed schema is seen by a cached
// statement; statements of varying text never grow the cache past its
// bound, and the ones in steady use survive.
func TestStatementCache(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite", filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	db := s.DB()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (n INTEGER); CREATE TABLE u (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO u VALUES (7)`); err != nil {
		t.Fatal("the second statement of a script did not run:", err)
	}
	base := cachedCount(t, db)
	for i := range 5 {
		if _, err := db.ExecContext(ctx, `INSERT INTO t (n) VALUES (?)`, i); err != nil {
			t.Fatal(err)
		}
	}
	if got := cachedCount(t, db) - base; got != 1 {
		t.Fatalf("five runs of one INSERT added %d cached statements, want 1", got)
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	const q = `SELECT n FROM t WHERE n >= ? ORDER BY n`
	outer, err := tx.QueryContext(ctx, q, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for outer.Next() {
		var n int
		if err := outer.Scan(&n); err != nil {
			t.Fatal(err)
		}
		var inner []int
		rows, err := tx.QueryContext(ctx, q, n-1)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var m int
			if err := rows.Scan(&m); err != nil {
				t.Fatal(err)
			}
			inner = append(inner, m)
		}
		rows.Close()
		got = append(got, fmt.Sprint(n, inner))
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"3 [2 3 4]", "4 [3 4]"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("nested use of one statement: %v, want %v", got, want)
	}

	if _, err := db.ExecContext(ctx, `ALTER TABLE t ADD COLUMN m INTEGER DEFAULT 9`); err != nil {
		t.Fatal(err)
	}
	var cols int
	rows, err := db.QueryContext(ctx, `SELECT * FROM t WHERE n >= ? ORDER BY n`, 4)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := rows.Columns()
	cols = len(c)
	rows.Close()
	if cols != 2 {
		t.Fatalf("after ALTER TABLE the cached SELECT * has %d columns, want 2", cols)
	}

	for i := range 3 * maxCachedStatements {
		var n int
		if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
			t.Fatalf("SELECT %d = %d, %v", i, n, err)
		}
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE n >= ?`, 0).Scan(&n); err != nil || n != 5 {
			t.Fatalf("count = %d, %v", n, err)
		}
	}
	if n := cachedCount(t, db); n > maxCachedStatements {
		t.Fatalf("%d cached statements, more than the bound %d", n, maxCachedStatements)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		c.mu.Lock()
		defer c.mu.Unlock()
		if _, ok := c.stmts[`SELECT count(*) FROM t WHERE n >= ?`]; !ok {
			t.Error("the statement in steady use was swept out of the cache")
		}
		return nil
	})
}
