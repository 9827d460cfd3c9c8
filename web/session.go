package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"example.org/intake/staff"
	"example.org/intake/store"
)

type ctxKey int

const userKey ctxKey = 0

// user is the signed-in member of staff of a request.
type user struct {
	Staff   store.Staff
	Session *store.StaffSession // nil for API-token requests
}

func currentUser(r *http.Request) *user {
	u, _ := r.Context().Value(userKey).(*user)
	return u
}

func (s *server) cookieName() string {
	if s.opts.SecureCookies {
		// __Host- cookies are only accepted over HTTPS, for this host and
		// path /, so a sibling subdomain cannot plant one.
		return "__Host-intake-session"
	}
	return "intake-session"
}

func (s *server) setSessionCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookieName(), Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// session returns the live session of r, or nil.
func (s *server) session(r *http.Request) (*store.StaffSession, *store.Staff) {
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, nil
	}
	ss, err := s.opts.Store.Session(r.Context(), staff.TokenHash(c.Value), s.opts.Now())
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Error("read session", "error", err)
		}
		return nil, nil
	}
	st, err := s.opts.Store.StaffByID(r.Context(), ss.StaffID)
	if err != nil || st.PasswordHash == "" {
		return nil, nil
	}
	return ss, st
}

// requireSession lets through requests with a live session of a member of
// staff with at least role, and, for anything but GET and HEAD, the
// session's anti-forgery token.
func (s *server) requireSession(next http.HandlerFunc, role string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ss, st := s.session(r)
		if ss == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, "Sign in first.", http.StatusUnauthorized)
			return
		}
		if role == store.RoleAdmin && st.Role != store.RoleAdmin {
			s.render(w, r, http.StatusForbidden, "error", map[string]any{"Title": "Not allowed", "Message": "This page is for administrators."})
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !validCSRF(r, ss.CSRFToken) {
				http.Error(w, "The form had expired or did not come from this site. Go back, reload the page and try again.", http.StatusForbidden)
				return
			}
		}
		ctx := context.WithValue(r.Context(), userKey, &user{Staff: *st, Session: ss})
		next(w, r.WithContext(ctx))
	})
}

// validCSRF checks the form's token (or the X-CSRF-Token header) against
// the session's.
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			if err := r.ParseMultipartForm(maxUpload); err != nil {
				return false
			}
		}
		got = r.PostFormValue("csrf")
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

const maxUpload = 10 << 20

// requireAPI accepts a session cookie or a per-staff API token
// (Authorization: Bearer TOKEN). The API only reads, so it needs no
// anti-forgery token.
func (s *server) requireAPI(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u *user
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			st, err := s.opts.Store.StaffByAPITokenHash(r.Context(), staff.TokenHash(strings.TrimSpace(tok)))
			if err == nil && st.PasswordHash != "" {
				u = &user{Staff: *st}
			}
		} else if ss, st := s.session(r); ss != nil {
			u = &user{Staff: *st, Session: ss}
		}
		if u == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="intake"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "sign in or send an API token"})
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), userKey, u)))
	})
}

// clientIP is the peer address: intake does not trust forwarding headers,
// which anyone can set.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// actorName is what casework records as who made a change.
func actorName(st store.Staff) string {
	if strings.TrimSpace(st.Name) != "" {
		return st.Name
	}
	return st.Email
}
