package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"example.org/intake/staff"
	"example.org/intake/store"
)

func (s *server) signInPage(w http.ResponseWriter, r *http.Request) {
	if ss, _ := s.session(r); ss != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin", map[string]any{"Title": "Sign in", "Next": safeNext(r.URL.Query().Get("next"))})
}

func (s *server) signIn(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	fail := func(status int, msg string) {
		s.render(w, r, status, "signin", map[string]any{"Title": "Sign in", "Next": next, "Email": email, "Error": msg})
	}
	if email == "" || password == "" {
		fail(http.StatusBadRequest, "Enter your email address and your password.")
		return
	}
	now := s.opts.Now()
	account, ip := store.NormalEmail(email), clientIP(r)
	allowed, err := s.limiter.check(r.Context(), account, ip, now)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !allowed {
		w.Header().Set("Retry-After", "60")
		fail(http.StatusTooManyRequests, "Too many attempts. Wait a minute and try again.")
		return
	}
	st, err := s.opts.Store.StaffByEmail(r.Context(), email)
	hash := dummyHash()
	if err == nil && st.PasswordHash != "" {
		hash = st.PasswordHash
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	ok, err := CheckPassword(hash, password)
	if err != nil || !ok || st == nil || st.PasswordHash == "" {
		s.log.Info("sign-in refused")
		fail(http.StatusUnauthorized, "The email address or password is not right.")
		return
	}
	if err := s.limiter.record(r.Context(), account, ip, now); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.startSession(w, r, st.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.log.Info("signed in", "staff_id", st.ID)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *server) startSession(w http.ResponseWriter, r *http.Request, staffID int64) error {
	token, hash := staff.NewToken()
	csrf, _ := staff.NewToken()
	now := s.opts.Now()
	if err := s.opts.Store.CreateSession(r.Context(), store.StaffSession{
		IDHash: hash, StaffID: staffID, CSRFToken: csrf, CreatedAt: now, ExpiresAt: now.Add(s.opts.SessionTTL),
	}); err != nil {
		return err
	}
	s.setSessionCookie(w, token, int(s.opts.SessionTTL/time.Second))
	// Expired sessions are useless; clearing them at each sign-in keeps the
	// table small without a job of its own.
	if _, err := s.opts.Store.DeleteExpiredSessions(r.Context(), now); err != nil {
		s.log.Error("delete expired sessions", "error", err)
	}
	return nil
}

func (s *server) signOut(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	if err := s.opts.Store.DeleteSession(r.Context(), u.Session.IDHash); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setSessionCookie(w, "", -1)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

func (s *server) setupAccount(r *http.Request) (*store.Staff, bool) {
	st, err := s.opts.Store.StaffBySetupHash(r.Context(), staff.TokenHash(r.PathValue("token")))
	if err != nil || !st.SetupExpiresAt.Valid || !s.opts.Now().Before(st.SetupExpiresAt.Time) {
		return nil, false
	}
	return st, true
}

func (s *server) setupPage(w http.ResponseWriter, r *http.Request) {
	st, ok := s.setupAccount(r)
	if !ok {
		s.render(w, r, http.StatusNotFound, "error", map[string]any{"Title": "Link not valid",
			"Message": "This set-up link has been used or has expired. Ask an administrator for a new one."})
		return
	}
	s.render(w, r, http.StatusOK, "setup", map[string]any{"Title": "Set up your account", "Account": st, "Name": st.Name})
}

func (s *server) setup(w http.ResponseWriter, r *http.Request) {
	st, ok := s.setupAccount(r)
	if !ok {
		s.render(w, r, http.StatusNotFound, "error", map[string]any{"Title": "Link not valid",
			"Message": "This set-up link has been used or has expired. Ask an administrator for a new one."})
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	pw, confirm := r.PostFormValue("password"), r.PostFormValue("confirm")
	var problems []string
	if name == "" {
		problems = append(problems, "Enter your name: it is shown on the case when you act on it.")
	}
	if len([]rune(pw)) < MinPasswordLength {
		problems = append(problems, "Choose a password of at least 12 characters.")
	} else if pw != confirm {
		problems = append(problems, "The two passwords are not the same.")
	}
	if len(problems) > 0 {
		s.render(w, r, http.StatusBadRequest, "setup", map[string]any{"Title": "Set up your account", "Account": st, "Name": name, "Problems": problems})
		return
	}
	hash, err := HashPassword(pw)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.opts.Store.CompleteSetup(r.Context(), st.ID, name, hash); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.startSession(w, r, st.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *server) account(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account", map[string]any{"Title": "Your account"})
}

// newAPIToken replaces the member of staff's API token and shows it once.
func (s *server) newAPIToken(w http.ResponseWriter, r *http.Request) {
	u := currentUser(r)
	token, hash := staff.NewToken()
	if err := s.opts.Store.SetAPITokenHash(r.Context(), u.Staff.ID, hash); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "account", map[string]any{"Title": "Your account", "NewToken": token})
}
