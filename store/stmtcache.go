package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"strings"
	"sync"
)

// SQLite parses every statement it is given afresh; over database/sql each
// query is a new parse, and intake's and River's statements are long: a
// profile of a backlog showed more than a quarter of the daemon's CPU in
// SQLite's parser. cachingConnector keeps each connection's prepared
// statements by their text and runs a statement again from its prepared
// form, for our SQL and River's alike. A statement in use (its rows still
// open) is not shared: a second use meanwhile runs uncached.
type cachingConnector struct {
	driver.Connector
}

func (c cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn)
}

// maxCachedStatements bounds one connection's cache. Some statements'
// text varies (IN lists of any length; River writes a job's metadata into
// the text of the statement that completes it): when the cache is full,
// the statements used only once since the last such sweep are dropped.
const maxCachedStatements = 256

// sqliteConn is what every modernc connection implements, and what
// database/sql needs from it (modernc's NewConnector documents the list a
// wrapper must forward).
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type cachingConn struct {
	sqliteConn
	mu    sync.Mutex
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	stmt interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}
	query string
	busy  bool // rows from it are open
	uses  int  // since the last sweep
}

func newCachingConn(c driver.Conn) (driver.Conn, error) {
	sc, ok := c.(sqliteConn)
	if !ok {
		c.Close()
		return nil, errors.New("store: the sqlite driver's connection lacks an interface database/sql needs")
	}
	return &cachingConn{sqliteConn: sc, stmts: map[string]*cachedStmt{}}, nil
}

// Unwrap returns the driver's own connection (modernc looks through
// wrappers with it).
func (c *cachingConn) Unwrap() driver.Conn { return c.sqliteConn }

// cacheable reports whether query is one statement (a script of several
// is run by the driver itself, statement by statement).
func cacheable(query string) bool {
	q := strings.TrimRight(query, " \t\r\n;")
	return q != "" && !strings.Contains(q, ";")
}

// take returns the prepared statement for query, marked busy, or nil when
// it must run uncached.
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	if !cacheable(query) {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		if s.busy {
			return nil, nil
		}
		s.busy = true
		s.uses++
		return s, nil
	}
	st, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	ps, ok := st.(interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	})
	if !ok {
		st.Close()
		return nil, nil
	}
	if len(c.stmts) >= maxCachedStatements {
		c.sweepLocked()
	}
	s := &cachedStmt{stmt: ps, query: query, busy: true, uses: 1}
	c.stmts[query] = s
	return s, nil
}

func (c *cachingConn) release(s *cachedStmt) {
	c.mu.Lock()
	s.busy = false
	c.mu.Unlock()
}

// sweepLocked forgets the statements used once since the last sweep, or
// every statement when that frees too little room.
func (c *cachingConn) sweepLocked() {
	for q, s := range c.stmts {
		if s.uses <= 1 {
			c.forgetLocked(q, s)
		}
		s.uses = 0
	}
	if len(c.stmts) >= maxCachedStatements*3/4 {
		c.clearLocked()
	}
}

// clearLocked forgets every statement.
func (c *cachingConn) clearLocked() {
	for q, s := range c.stmts {
		c.forgetLocked(q, s)
	}
}

// forgetLocked drops s from the cache and closes it, or, when its rows are
// open, leaves closing it to them.
func (c *cachingConn) forgetLocked(q string, s *cachedStmt) {
	if !s.busy {
		s.stmt.Close()
	}
	delete(c.stmts, q)
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	defer c.release(s)
	return s.stmt.ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := s.stmt.QueryContext(ctx, args)
	if err != nil {
		c.release(s)
		return nil, err
	}
	return &cachedRows{Rows: rows, conn: c, stmt: s}, nil
}

func (c *cachingConn) Close() error {
	c.mu.Lock()
	c.clearLocked()
	c.mu.Unlock()
	return c.sqliteConn.Close()
}

// cachedRows gives its statement back when closed.
type cachedRows struct {
	driver.Rows
	conn *cachingConn
	stmt *cachedStmt
	once sync.Once
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.once.Do(func() {
		r.conn.mu.Lock()
		defer r.conn.mu.Unlock()
		r.stmt.busy = false
		if r.conn.stmts[r.stmt.query] != r.stmt {
			// Forgotten while in use: nobody else will close it.
			r.stmt.stmt.Close()
		}
	})
	return err
}
