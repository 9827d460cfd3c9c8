package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/store"
	"example.org/intake/web"
)

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", stderr)
	path := fs.String("config", "intake.toml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, log, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	d, err := daemon.New(ctx, cfg, daemon.Options{Logger: log})
	if err != nil {
		return err
	}
	h, err := staffDesk(cfg, d, log)
	if err != nil {
		return err
	}
	return d.Run(ctx, h)
}

// staffDesk builds the staff web pages over a built daemon.
func staffDesk(cfg *config.Config, d *daemon.Daemon, log *slog.Logger) (http.Handler, error) {
	o := web.ConfigOptions(cfg)
	o.Cases, o.Store, o.Logger, o.Health = d.Cases, d.Store, log.With("component", "web"), d.HealthHandler()
	o.Alarms, o.SendQueue = d.DashboardAlarms, d.DashboardSendQueue
	return web.New(o)
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", stderr)
	path := fs.String("config", "intake.toml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, _, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	st, err := store.OpenURL(ctx, cfg.Database.URL)
	if err != nil {
		return err
	}
	defer st.Close()
	before, err := st.Version(ctx)
	if err != nil {
		return err
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if before == store.SchemaVersion {
		_, err = io.WriteString(stdout, "database schema is up to date\n")
		return err
	}
	_, err = io.WriteString(stdout, "database schema migrated\n")
	return err
}
