package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"example.org/intake/config"
	"example.org/intake/oauth"
	"example.org/intake/store"
)

// cmdOAuth is `intake oauth login|status`: the delegated (device-code)
// sign-in for tenants that will not grant app-only access.
func cmdOAuth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "login" && args[0] != "status") {
		fmt.Fprintln(stderr, "usage: intake oauth login|status --config FILE")
		return usageError{"intake oauth needs login or status"}
	}
	sub := args[0]
	fs := newFlagSet("oauth "+sub, stderr)
	path := fs.String("config", "intake.toml", "configuration file")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	cfg, _, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	if !cfg.UsesOAuth2() || cfg.OAuth2.Flow != config.FlowDeviceCode {
		return fmt.Errorf("intake oauth %s is for oauth2.flow = \"device_code\"; this configuration needs no sign-in", sub)
	}
	st, err := store.OpenURL(ctx, cfg.Database.URL)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "status" {
		return oauthStatus(ctx, cfg, st, stdout, time.Now())
	}
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if _, err := oauth.Login(ctx, cfg, st, stdout); err != nil {
		return errors.New(oauth.Diagnose(err, checkSubject(cfg)).String())
	}
	fmt.Fprintln(stdout, "Signed in; the refresh token is stored encrypted. Checking the mailbox:")
	st.Close()
	if failed, total := runCheck(ctx, cfg, checkOptions{}, stdout); failed > 0 {
		return fmt.Errorf("%d of %d checks failed", failed, total)
	}
	return nil
}

func oauthStatus(ctx context.Context, cfg *config.Config, st *store.Store, out io.Writer, now time.Time) error {
	s, err := oauth.SignIn(ctx, cfg, st)
	if errors.Is(err, oauth.ErrNotSignedIn) {
		return errors.New("nobody has signed in yet: run intake oauth login")
	}
	if err != nil {
		return err
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Local().Format("2006-01-02 15:04")
	}
	fmt.Fprintf(out, "account       %s\n", s.Account)
	fmt.Fprintf(out, "scopes        %s\n", s.Scopes)
	fmt.Fprintf(out, "signed in     %s\n", day(s.ObtainedAt))
	fmt.Fprintf(out, "last refresh  %s\n", day(s.LastRefreshAt))
	left := int(s.LapsesAt.Sub(now).Hours() / 24)
	fmt.Fprintf(out, "lapses        %s if unused (%d days left; the running daemon refreshes it every hour)\n", day(s.LapsesAt), left)
	if s.LastError != "" {
		fmt.Fprintf(out, "last error    %s\n", s.LastError)
	}
	if left < 30 {
		return fmt.Errorf("the sign-in lapses in %d days: start intake, or run intake oauth login", left)
	}
	return nil
}
