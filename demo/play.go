package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"sync/atomic"
	"time"

	"example.org/intake/devmail"
	"example.org/intake/store"
)

// The demo-only pages under /demo/ let one person play every side of a case:
// the DPO team answering a forward (threaded or fresh, with a reference) and
// the requester answering a letter (with or without ID documents). They are
// served only by `intake demo`, never by `intake run`; each form delivers one
// email into the inbox intake watches, exactly as the other side's mail
// server would.

//go:embed play.html
var playFS embed.FS

var playPage = template.Must(template.ParseFS(playFS, "play.html"))

// PlayPath is where the demo-only pages live.
const PlayPath = "/demo/"

// player delivers the other side's mail into the demo's inbox.
type player struct {
	st   *store.Store
	mail *devmail.Server
	seq  atomic.Int64
	now  func() time.Time
}

// playHandler serves /demo/ and hands everything else to desk. The forms
// are protected against cross-site posts like the desk's own.
func playHandler(st *store.Store, mail *devmail.Server, desk http.Handler) http.Handler {
	p := &player{st: st, mail: mail, now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+PlayPath, p.page)
	mux.HandleFunc("POST "+PlayPath+"dpo", p.dpoReply)
	mux.HandleFunc("POST "+PlayPath+"requester", p.requesterReply)
	mux.Handle("/", desk)
	demo := http.NewCrossOriginProtection().Handler(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, PlayPath) {
			h := w.Header()
			h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Cache-Control", "no-store")
			demo.ServeHTTP(w, r)
			return
		}
		desk.ServeHTTP(w, r)
	})
}

type playCase struct {
	Ref, Kind, State, Requester, DPORef, Due string
}

func (p *player) page(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != PlayPath {
		http.NotFound(w, r)
		return
	}
	cases, err := p.st.ListCases(r.Context())
	if err != nil {
		http.Error(w, "the demo could not list its cases", http.StatusInternalServerError)
		return
	}
	var open []playCase
	for _, c := range cases {
		if c.State == store.StateClosed {
			continue
		}
		open = append(open, playCase{Ref: c.Ref, Kind: c.Kind, State: strings.ReplaceAll(c.State, "_", " "),
			Requester: c.RequesterAddr, DPORef: c.DPORef, Due: c.DueDate})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	data := struct {
		Cases           []playCase
		Sent, DPO, Desk string
	}{open, r.URL.Query().Get("sent"), DPOAddr, "/"}
	if err := playPage.Execute(w, data); err != nil {
		http.Error(w, "the demo page could not be shown", http.StatusInternalServerError)
	}
}

// FormError names the field of a demo form that was wrong.
type FormError struct{ Field, Problem string }

func (e *FormError) Error() string { return "demo: " + e.Field + ": " + e.Problem }

func (p *player) caseOf(ctx context.Context, r *http.Request) (*store.Case, error) {
	ref := strings.TrimSpace(r.PostFormValue("case"))
	if ref == "" {
		return nil, &FormError{"case", "choose a case"}
	}
	c, err := p.st.CaseByRef(ctx, ref)
	if err != nil {
		return nil, &FormError{"case", "there is no open case " + ref}
	}
	return c, nil
}

// lastMessageID is the Message-ID of the newest letter on the case that
// went to addr, for threading an answer to it.
func (p *player) lastMessageID(ctx context.Context, caseID int64, addr string) string {
	out, err := p.st.OutboundForCase(ctx, caseID)
	if err != nil {
		return ""
	}
	id := ""
	for _, o := range out {
		if strings.Contains(strings.ToLower(o.Recipients), strings.ToLower(`"`+addr+`"`)) {
			id = o.MessageID
		}
	}
	return id
}

func (p *player) dpoReply(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := p.caseOf(ctx, r)
	if err != nil {
		p.refuse(w, err)
		return
	}
	ref := strings.TrimSpace(r.PostFormValue("ref"))
	if ref == "" || len(ref) > 40 || strings.ContainsAny(ref, "\r\n") {
		p.refuse(w, &FormError{"ref", "give the DPO team's reference, for example DPO-2026-0412"})
		return
	}
	advice := strings.TrimSpace(r.PostFormValue("advice"))
	if advice == "" {
		advice = "Please consider the participant's records and respond to the requester within the month."
	}
	threaded := r.PostFormValue("threaded") != "fresh"
	subject := "Data protection request " + c.Ref
	var headers []string
	if threaded {
		if fwd := p.lastMessageID(ctx, c.ID, DPOAddr); fwd != "" {
			headers = append(headers, "In-Reply-To: <"+fwd+">", "References: <"+fwd+">")
			subject = "RE: your email"
		}
	}
	body := fmt.Sprintf("Dear colleague,\n\nThank you for forwarding this request. Our ref: %s.\n\n%s\n\nData Protection Office\n", ref, advice)
	raw := p.email("Data Protection Office <"+DPOAddr+">", subject, body, headers, nil)
	p.deliver(w, r, raw, "dpo")
}

func (p *player) requesterReply(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := p.caseOf(ctx, r)
	if err != nil {
		p.refuse(w, err)
		return
	}
	text := strings.TrimSpace(r.PostFormValue("text"))
	withID := r.PostFormValue("id") == "yes"
	if text == "" {
		text = "Thank you for your letter."
		if withID {
			text = "Here is a photo of my ID card, as you asked."
		}
	}
	if len(text) > 10000 {
		p.refuse(w, &FormError{"text", "keep the reply under 10,000 characters"})
		return
	}
	subject := "Re: " + c.Ref
	var headers []string
	if last := p.lastMessageID(ctx, c.ID, c.RequesterAddr); last != "" {
		headers = append(headers, "In-Reply-To: <"+last+">", "References: <"+last+">")
	}
	var attach []attachment
	if withID {
		attach = append(attach, attachment{name: "id-card.png", typ: "image/png", data: sampleIDCard()})
	}
	raw := p.email(c.RequesterAddr, subject, text+"\n", headers, attach)
	p.deliver(w, r, raw, "requester")
}

func (p *player) refuse(w http.ResponseWriter, err error) {
	msg := "the demo could not send that"
	if fe, ok := err.(*FormError); ok {
		msg = fe.Field + ": " + fe.Problem
	}
	http.Error(w, msg, http.StatusBadRequest)
}

func (p *player) deliver(w http.ResponseWriter, r *http.Request, raw []byte, who string) {
	if err := p.mail.Deliver(IntakeAddr, raw); err != nil {
		http.Error(w, "the demo mail server refused the message", http.StatusInternalServerError)
		return
	}
	http.Redirect(w, r, PlayPath+"?sent="+who, http.StatusSeeOther)
}

type attachment struct {
	name, typ string
	data      []byte
}

// email builds one message as the other side's mail program would.
func (p *player) email(from, subject, body string, headers []string, attach []attachment) []byte {
	n := p.seq.Add(1)
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <demo-play-%d-%d@example.org>\r\nMIME-Version: 1.0\r\n",
		from, IntakeAddr, mime.QEncoding.Encode("utf-8", subject), p.now().UTC().Format(time.RFC1123Z), p.now().UnixNano(), n)
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	text := strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	if len(attach) == 0 {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
		b.WriteString(text)
		return b.Bytes()
	}
	mw := multipart.NewWriter(&b)
	fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=%q\r\n\r\n", mw.Boundary())
	pw, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}})
	pw.Write([]byte(text))
	for _, a := range attach {
		h := textproto.MIMEHeader{
			"Content-Type":              {a.typ},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": a.name})},
			"Content-Transfer-Encoding": {"base64"},
		}
		pw, _ := mw.CreatePart(h)
		pw.Write(base64Lines(a.data))
	}
	mw.Close()
	return b.Bytes()
}

// sampleIDCard draws a small made-up identity card: a coloured card with a
// photo box, enough for the desk's evidence view to show something.
func sampleIDCard() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 160, 100))
	for y := 0; y < 100; y++ {
		for x := 0; x < 160; x++ {
			c := color.RGBA{0xdd, 0xe8, 0xf4, 0xff}
			switch {
			case x >= 10 && x < 50 && y >= 20 && y < 80:
				c = color.RGBA{0x8a, 0x9b, 0xb0, 0xff}
			case y < 12:
				c = color.RGBA{0x1f, 0x4e, 0x79, 0xff}
			case x >= 60 && x < 150 && (y == 30 || y == 45 || y == 60):
				c = color.RGBA{0x40, 0x40, 0x40, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// base64Lines encodes data in lines of 76 characters, as RFC 2045 asks.
func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}
