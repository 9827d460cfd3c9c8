package web_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// idCard is a small made-up PNG.
func idCard(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 40))
	for x := 0; x < 60; x++ {
		for y := 0; y < 40; y++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 90, B: uint8(y * 6), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type part struct{ name, typ string }

// withAttachments is a reply from addr on case ref carrying files.
func withAttachments(addr, ref, msgID string, files map[part][]byte, order []part) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: Re: your request [%s]\r\nDate: %s\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n",
		addr, itest.Intake, ref, time.Now().UTC().Format(time.RFC1123Z), msgID)
	b.WriteString("Content-Type: multipart/mixed; boundary=EVIDENCE\r\n\r\n--EVIDENCE\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMy ID is attached.\r\n")
	for _, p := range order {
		fmt.Fprintf(&b, "--EVIDENCE\r\nContent-Type: %s\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n",
			p.typ, p.name, base64.StdEncoding.EncodeToString(files[p]))
	}
	b.WriteString("--EVIDENCE--\r\n")
	return []byte(b.String())
}

// evidenceCase is an access case waiting for ID, with the requester's
// reply carrying a photo, a PDF and an SVG.
func (e *env) evidenceCase(s *staff, addr string) (*store.Case, []part, [][]byte) {
	e.t.Helper()
	c := e.deliver(itest.AccessRequest(addr, "ev1@example.org"))
	e.forwarded(c)
	e.act(s, c.Ref, "ask-id", url.Values{"confirm": {"yes"}}, true)
	order := []part{{"passport.png", "image/png"}, {"utility-bill.pdf", "application/pdf"}, {"card.svg", "image/svg+xml"}}
	data := [][]byte{idCard(e.t), []byte("%PDF-1.4\n% made-up bill\n"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}
	files := map[part][]byte{}
	for i, p := range order {
		files[p] = data[i]
	}
	e.deliver(withAttachments(addr, c.Ref, "ev2@example.org", files, order))
	return c, order, data
}

// TestEvidenceOpensInTheDesk: the photo is shown inline, the PDF and the
// SVG download with their own types and safe names, all sandboxed and only
// with a session; after "Record ID verified" they are gone and the page
// says who verified them and when.
func TestEvidenceOpensInTheDesk(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c, order, data := e.evidenceCase(jo, "alex@example.org")
	page := e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String()
	links := attachmentLinks(page)
	if len(links) != 3 {
		t.Fatalf("attachment links %q", links)
	}
	mustContain(t, page, `<img src="`+links[0]+`" alt="passport.png, attached to this email">`, "Download utility-bill.pdf")
	for i, p := range order {
		res := e.do(jo, "GET", links[i], nil)
		h := res.Header()
		if res.Code != http.StatusOK || !bytes.Equal(res.Body.Bytes(), data[i]) || h.Get("Content-Type") != p.typ ||
			!strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox") || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %d %v", p.name, res.Code, h)
		}
		wantDisp := "attachment"
		if p.typ == "image/png" {
			wantDisp = "inline"
		}
		if d := h.Get("Content-Disposition"); !strings.HasPrefix(d, wantDisp+`; filename="`+p.name+`"`) {
			t.Errorf("%s: Content-Disposition %q", p.name, d)
		}
		if res := e.do(nil, "GET", links[i], nil); res.Code != http.StatusSeeOther {
			t.Errorf("%s without a session: %d", p.name, res.Code)
		}
	}
	for _, bad := range []string{"/cases/" + c.Ref + "/messages/i99999/attachments/0", strings.TrimSuffix(links[0], "/0") + "/7",
		strings.TrimSuffix(links[0], "/0") + "/-1"} {
		if res := e.do(jo, "GET", bad, nil); res.Code != http.StatusNotFound {
			t.Errorf("%s: %d", bad, res.Code)
		}
	}

	e.act(jo, c.Ref, "verify-id", url.Values{"note": {"passport and bill seen"}}, true)
	page = e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String()
	if got := attachmentLinks(page); len(got) != 0 {
		t.Errorf("after verification the page still links %q", got)
	}
	mustContain(t, page, "Identity evidence", "Checked by Jo Caseworker on", "the documents were then deleted from intake")
	if res := e.do(jo, "GET", links[0], nil); res.Code != http.StatusNotFound {
		t.Errorf("the photo after verification: %d", res.Code)
	}
}

// TestContentDispositionNames: a hostile file name cannot break out of the
// header or name a path.
func TestContentDispositionNames(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	c := e.deliver(itest.AccessRequest("sam@example.org", "cd1@example.org"))
	p := part{`..\/evil"; x=.pdf`, "application/pdf"}
	e.deliver(withAttachments("sam@example.org", c.Ref, "cd2@example.org", map[part][]byte{p: []byte("%PDF")}, []part{p}))
	links := attachmentLinks(e.do(jo, "GET", "/cases/"+c.Ref, nil).Body.String())
	if len(links) != 1 {
		t.Fatalf("links %q", links)
	}
	d := e.do(jo, "GET", links[0], nil).Header().Get("Content-Disposition")
	plain := between(d, `filename="`, `";`)
	if strings.ContainsAny(plain, `"\/`) || !strings.HasPrefix(d, "attachment; ") {
		t.Errorf("Content-Disposition %q", d)
	}
}

func attachmentLinks(page string) []string {
	var out []string
	seen := map[string]bool{}
	for _, chunk := range strings.Split(page, `href="`)[1:] {
		l := chunk[:strings.IndexByte(chunk, '"')]
		if strings.Contains(l, "/attachments/") && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}
