package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	accounts "example.org/intake/staff"
	"example.org/intake/store"
	"example.org/intake/web"
)

const testPassword = "correct horse battery staple"

// env is a staff desk over a real SQLite store and case service, with the
// daemon built but not running: cases are opened by handing raw emails to
// the real ingester.
type env struct {
	t   *testing.T
	d   *daemon.Daemon
	h   http.Handler
	uid atomic.Uint32
}

func newEnv(t *testing.T, mutate ...func(*web.Options)) *env {
	t.Helper()
	m := itest.Mail(t, devmail.Options{})
	cfg := itest.Config(m, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	d, err := daemon.New(context.Background(), cfg, daemon.Options{Logger: itest.Logger(t), QueueTestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Store.Close() })
	o := web.Options{Cases: d.Cases, Store: d.Store, Logger: itest.Logger(t), BaseURL: "http://desk.example", Health: d.HealthHandler()}
	for _, f := range mutate {
		f(&o)
	}
	h, err := web.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, d: d, h: h}
}

// deliver hands raw to the ingester as if fetched over IMAP and returns
// the newest case.
func (e *env) deliver(raw []byte) *store.Case {
	e.t.Helper()
	uid := e.uid.Add(1)
	err := e.d.Ingester.Handle(context.Background(), mailbox.Fetched{Mailbox: "INBOX", UIDValidity: 1, UID: uid, Raw: raw,
		Size: int64(len(raw)), InternalDate: time.Now()})
	if err != nil {
		e.t.Fatal(err)
	}
	cases, err := e.d.Store.ListCases(context.Background())
	if err != nil || len(cases) == 0 {
		e.t.Fatalf("no case after delivery: %v", err)
	}
	return &cases[0]
}

// staff is a signed-in member of staff.
type staff struct {
	cookie *http.Cookie
	csrf   string
}

// addStaff creates an account through its set-up link and signs in.
func (e *env) addStaff(email, name, role string) *staff {
	e.t.Helper()
	link, err := accounts.Invite(context.Background(), e.d.Store, "http://desk.example", email, "", role, time.Hour, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	path := strings.TrimPrefix(link, "http://desk.example")
	res := e.do(nil, "POST", path, url.Values{"name": {name}, "password": {testPassword}, "confirm": {testPassword}})
	if res.Code != http.StatusSeeOther {
		e.t.Fatalf("set-up: %d %s", res.Code, res.Body)
	}
	s := &staff{cookie: sessionCookie(e.t, res)}
	s.csrf = e.csrfOf(s)
	return s
}

func sessionCookie(t *testing.T, res *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range res.Result().Cookies() {
		if c.Name == "intake-session" && c.Value != "" {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", res.Header())
	return nil
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *env) csrfOf(s *staff) string {
	e.t.Helper()
	res := e.do(s, "GET", "/account", nil)
	m := csrfRE.FindStringSubmatch(res.Body.String())
	if m == nil {
		e.t.Fatalf("no anti-forgery token on /account: %d", res.Code)
	}
	return m[1]
}

// do sends a request as s (nil: no session). Form values are sent as a
// POST body; the anti-forgery token is added when s has one and form has
// no "csrf" of its own.
func (e *env) do(s *staff, method, path string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		if s != nil && s.csrf != "" && !form.Has("csrf") {
			form.Set("csrf", s.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = "192.0.2.10:40000"
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if s != nil {
		req.AddCookie(s.cookie)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res := httptest.NewRecorder()
	e.h.ServeHTTP(res, req)
	return res
}

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(strings.ToLower(body), strings.ToLower(b)) {
			t.Errorf("page contains %q", b)
		}
	}
}

// hostileEmail is an HTML email trying every way to run script or load
// something remote; remote is the URL of a server that counts hits.
func hostileEmail(from, msgID, remote string) []byte {
	html := fmt.Sprintf(`<html><head><script>document.title='pwned'</script><link rel="stylesheet" href="%[1]s/style.css">
<style>body{background:url(%[1]s/bg.png)}</style></head>
<body onload="alert(1)"><p>I want you to delete all the personal data you hold about me under my right to erasure.</p>
<img src="%[1]s/pixel.gif" alt="x"><img src="x" onerror="alert(2)">
<a href="javascript:alert(3)">click</a> <a href="%[1]s/page">a link</a>
<iframe src="%[1]s/frame"></iframe><object data="%[1]s/obj"></object><svg><script>alert(4)</script></svg>
<form action="%[1]s/form"><input name="q"></form><div style="background-image:url(%[1]s/div.png)">styled</div>
<video src="%[1]s/v.mp4" poster="%[1]s/poster.png"></video>
</body></html>`, remote)
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: Please delete my data\r\nDate: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n",
		from, itest.Intake, time.Now().UTC().Format(time.RFC1123Z), msgID)
	b.WriteString("Content-Type: multipart/alternative; boundary=BOUND\r\n\r\n")
	b.WriteString("--BOUND\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString("I want you to delete all the personal data you hold about me under my right to erasure.\r\n")
	b.WriteString("--BOUND\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(html, "\n", "\r\n"))
	b.WriteString("\r\n--BOUND--\r\n")
	return []byte(b.String())
}

// forwarded records that the DPO forward went out (the queue does not run
// in these tests), so the case waits for the DPO as it would in service.
func (e *env) forwarded(c *store.Case) {
	e.t.Helper()
	err := e.d.Store.WithTx(context.Background(), func(tx *store.Tx) error { return tx.MarkForwarded(context.Background(), c.ID, time.Now()) })
	if err != nil {
		e.t.Fatal(err)
	}
}
