package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run parses the flags, starts the server and serves until ctx ends, then
// shuts down gracefully: in-flight requests finish, event streams end.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := Config{Seed: true, Out: stdout}
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&cfg.DataDir, "data", "profilekit-data", "directory for photos (SQLite: profilekit.db beside it, in the working directory)")
	fs.StringVar(&cfg.SQLitePath, "sqlite", "profilekit.db", "SQLite database file (when -postgres is not given)")
	fs.StringVar(&cfg.PostgresDSN, "postgres", "", "PostgreSQL DSN: run as one of many instances on this database")
	fs.StringVar(&cfg.PostgresSchema, "schema", "", "PostgreSQL schema (default: the DSN's search_path)")
	fs.StringVar(&cfg.NATSURL, "nats", "", "NATS URL: share notifications between instances")
	fs.StringVar(&cfg.PhotosURL, "photos", "", "gocloud.dev/blob bucket URL for photos (default: file bucket under -data)")
	fs.StringVar(&cfg.Region, "region", "GB", "phone region for numbers written without +")
	fs.StringVar(&cfg.BreachedRangeURL, "breached-range", os.Getenv("PROFILEKIT_BREACHED_RANGE_URL"),
		"base URL of a breached-password range service (a Pwned Passwords mirror; $PROFILEKIT_BREACHED_RANGE_URL); empty: only the embedded common-passwords list")
	fs.Func("roles", "comma-separated roles an administrator may give, \"admin\" among them (default admin,supervisor,agent)", func(v string) error {
		cfg.Roles = strings.Split(v, ",")
		return nil
	})
	fs.BoolVar(&cfg.Secure, "secure-cookies", false, "mark cookies Secure (behind a TLS-terminating proxy)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.PhotosURL == "" {
		abs, err := filepath.Abs(filepath.Join(cfg.DataDir, "photos"))
		if err != nil {
			return err
		}
		cfg.PhotosURL = "file://" + filepath.ToSlash(abs) + "?create_dir=true"
	}
	cfg.Logger = slog.New(slog.NewJSONHandler(stderr, nil))
	app, err := NewApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() { _ = app.Close() }()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	_, _ = fmt.Fprintf(stdout, "profilekit demo server on http://%s/ (instance %s)\n", ln.Addr(), app.cfg.Instance)
	return serve(ctx, app, ln)
}

// newHTTPServer returns the server of app with timeouts against slow
// clients: timeout bounds reading a request and writing its answer (the
// event stream lifts both for itself).
func newHTTPServer(app *App, timeout time.Duration) *http.Server {
	return &http.Server{
		Handler:           app.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       timeout,
		WriteTimeout:      timeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(app.log.Handler(), slog.LevelWarn),
	}
}

// serve serves app on ln until ctx ends, with timeouts against slow
// clients, then shuts down within 15 seconds.
func serve(ctx context.Context, app *App, ln net.Listener) error {
	srv := newHTTPServer(app, 30*time.Second)
	srv.RegisterOnShutdown(app.CloseStreams)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(jsonErrors(ln)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	app.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}
