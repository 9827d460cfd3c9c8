package demo

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestPlayTheOtherSide answers the sample erasure request as the DPO team
// through the demo-only page and sees intake take the reference; then
// answers the access request as the requester with an ID card.
func TestPlayTheOtherSide(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Listen: ":0", Out: out, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	}()
	web := regexp.MustCompile(`Web:\s+(http://\S+)`)
	var base string
	for base == "" {
		if m := web.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("demo ended early: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("--listen :0 should listen on 127.0.0.1, banner says %s", base)
	}
	if !strings.Contains(out.String(), base+"/demo/") {
		t.Errorf("banner does not point to the play page:\n%s", out.String())
	}
	client := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func() string {
		resp, err := client.Get(base + PlayPath)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET /demo/ = %d", resp.StatusCode)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("play page CSP = %q", csp)
		}
		return string(b)
	}
	wait := func(what string, ok func(string) bool) string {
		for {
			p := page()
			if ok(p) {
				return p
			}
			select {
			case <-ctx.Done():
				t.Fatalf("gave up waiting for %s:\n%s", what, p)
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	caseRef := regexp.MustCompile(`id="c-(INT-[0-9-]+)">[^:]+: (\w+), awaiting dpo`)
	p := wait("two cases awaiting the DPO", func(p string) bool { return len(caseRef.FindAllString(p, -1)) == 2 })
	refs := map[string]string{}
	for _, m := range caseRef.FindAllStringSubmatch(p, -1) {
		refs[m[2]] = m[1]
	}
	post := func(path string, form url.Values) *http.Response {
		resp, err := client.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	// A form without a reference names the field and sends nothing.
	if resp := post("/demo/dpo", url.Values{"case": {refs["erasure"]}, "ref": {""}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("DPO reply without a reference = %d, want 400", resp.StatusCode)
	}
	resp := post("/demo/dpo", url.Values{"case": {refs["erasure"]}, "ref": {"DPO-2026-0412"}, "threaded": {"threaded"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "sent=dpo") {
		t.Fatalf("DPO reply = %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	wait("the DPO reference on the erasure case", func(p string) bool {
		return strings.Contains(p, refs["erasure"]) && strings.Contains(p, "DPO reference DPO-2026-0412")
	})
	resp = post("/demo/requester", url.Values{"case": {refs["access"]}, "id": {"yes"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("requester reply = %d", resp.StatusCode)
	}
	if resp := post("/demo/requester", url.Values{"case": {"INT-0000-0000"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("reply on an unknown case = %d, want 400", resp.StatusCode)
	}
	// The participant register was loaded.
	if !strings.Contains(out.String(), "register") {
		t.Errorf("banner does not mention the sample register")
	}
	cancel()
	if err := <-done; err != nil && ctx.Err() == nil {
		t.Fatal(err)
	}
}

func TestLoopbackListen(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "127.0.0.1:8080"},
		{":0", "127.0.0.1:0"},
		{":8081", "127.0.0.1:8081"},
		{"0.0.0.0:8080", "0.0.0.0:8080"},
		{"[::1]:9000", "[::1]:9000"},
		{"127.0.0.1:0", "127.0.0.1:0"},
	} {
		if got := loopbackListen(tc.in); got != tc.want {
			t.Errorf("loopbackListen(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
