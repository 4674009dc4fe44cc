package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
	"github.com/pmohq/pmo/store"
	"github.com/pmohq/pmo/web"
)

// Main is a running pmo server: tests boot it on 127.0.0.1:0 with a temporary
// database, exactly as `pmo serve` does.
type Main struct {
	Config ServeConfig
	DB     *store.DB
	Logger *slog.Logger

	listener net.Listener
	server   *http.Server
	done     chan error
	stop     context.CancelFunc // ends background jobs (the audit schedule)
}

// ServeConfig holds the settings of `pmo serve`.
type ServeConfig struct {
	DB       string // SQLite path or postgres:// URL
	Addr     string // listen address; port 0 picks a free one
	Demo     bool   // load the demo portfolio into an empty database
	DemoSeed int64
	// AuditEvery records an audit of every project at this interval
	// (compliance.Service.RecordEvery); 0 turns it off.
	AuditEvery time.Duration
	// Accounts (cmd/pmo/accounts.go): the first administrator, cookies
	// for plain HTTP, and single sign-on.
	Accounts AccountConfig
}

// Run opens the database, loads the demo when asked, and starts serving in
// the background. Addr reports where.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = slog.Default()
	}
	db, err := store.Open(ctx, m.Config.DB, store.WithLogger(m.Logger))
	if err != nil {
		return err
	}
	m.DB = db
	if m.Config.Demo {
		loaded, err := loadDemoIfEmpty(ctx, db, demoConfig{Seed: m.Config.DemoSeed}, m.Logger)
		if err != nil {
			return err
		}
		if !loaded {
			m.Logger.Info("database already has data; demo not loaded")
		}
	}
	opts := web.Options{Logger: m.Logger, InsecureCookies: m.Config.Accounts.InsecureCookies}
	if err := m.setUpAccounts(ctx, &opts); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	m.listener = ln
	m.server = &http.Server{
		Handler:           web.New(db, opts),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	m.done = make(chan error, 1)
	go func() { m.done <- m.server.Serve(ln) }()
	if m.Config.AuditEvery > 0 {
		jobs, stop := context.WithCancel(context.WithoutCancel(ctx))
		m.stop = stop
		go compliance.NewService(db, db).RecordEvery(jobs, m.Config.AuditEvery, m.Logger)
	}
	m.Logger.Info("pmo serving", "url", m.URL(), "db", redactDSN(m.Config.DB))
	return nil
}

// URL returns the base URL the server listens on.
func (m *Main) URL() string {
	if m.listener == nil {
		return ""
	}
	return "http://" + m.listener.Addr().String()
}

// Wait blocks until the server stops on its own or ctx ends.
func (m *Main) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-m.done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// Close shuts the server down gracefully and closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.stop != nil {
		m.stop()
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.server.Shutdown(ctx))
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--db FILE|URL] [--addr HOST:PORT] [--demo]", stderr)
	m := &Main{}
	fs.StringVar(&m.Config.DB, "db", envOr("PMO_DB", "pmo.db"), "SQLite database file, or a postgres:// URL (env PMO_DB)")
	fs.StringVar(&m.Config.Addr, "addr", envOr("PMO_ADDR", "127.0.0.1:8080"), "address to listen on (env PMO_ADDR)")
	fs.BoolVar(&m.Config.Demo, "demo", false, "load the demo portfolio when the database is empty")
	fs.Int64Var(&m.Config.DemoSeed, "seed", 1, "seed of the demo portfolio")
	fs.DurationVar(&m.Config.AuditEvery, "audit-every", 0, "record a governance audit of every project at this interval, e.g. 24h (default off)")
	m.Config.Accounts.flags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	m.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	defer m.Close()
	if err := m.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "pmo is running at %s (Ctrl-C to stop)\n", m.URL())
	return m.Wait(ctx)
}

// redactDSN hides a password in a PostgreSQL URL before it is logged.
func redactDSN(dsn string) string {
	if u, err := parseURL(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			return u.Redacted()
		}
	}
	return dsn
}

// today is the current date for commands that need one.
func today() pmo.Date { return pmo.DateOf(time.Now()) }
