// Command gendata writes the classifier's labelled test set: raw RFC 5322
// messages under classifier/testdata/mail/<label>/ and an INDEX.csv. It is
// deterministic (fixed seed), so running it again gives the same files:
//
//	go run ./classifier/internal/gendata -out classifier/testdata/mail
//
// Every person, address and organisation in it is invented; domains are
// reserved (example.org, *.example).
package main

import (
	"encoding/base64"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"mime"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

type msg struct {
	label   string
	lang    string
	note    string
	from    string
	subject string
	body    string
	html    bool
	headers []string
	// raw, when set, is the whole message (bounces and reports).
	raw string
}

func main() {
	out := flag.String("out", "classifier/testdata/mail", "output folder")
	flag.Parse()
	g := &gen{r: rand.New(rand.NewPCG(2026, 6))}
	msgs := g.all()
	if err := os.RemoveAll(*out); err != nil {
		log.Fatal(err)
	}
	var index strings.Builder
	index.WriteString("file,label,language,note\n")
	counts := map[string]int{}
	for i, m := range msgs {
		counts[m.label]++
		name := fmt.Sprintf("%s/%03d-%s.eml", m.label, i, m.lang)
		p := filepath.Join(*out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(g.render(m, i)), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(&index, "%s,%s,%s,%q\n", name, m.label, m.lang, m.note)
	}
	if err := os.WriteFile(filepath.Join(*out, "INDEX.csv"), []byte(index.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gendata: %d messages %v\n", len(msgs), counts)
}

type gen struct{ r *rand.Rand }

func (g *gen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

var firstNames = []string{"Sam", "Aled", "Bethan", "Priya", "Kasia", "Ioana", "Joao", "Lucia", "Amelie", "Jonas", "Harpreet", "Ayesha", "Omar", "Fatima", "Gareth", "Siân", "Tomasz", "Mihai", "Chloe", "Dev", "Rhys", "Nadia", "Leon", "Grace"}
var lastNames = []string{"Jones", "Evans", "Patel", "Nowak", "Popescu", "Silva", "García", "Martin", "Schmidt", "Kaur", "Khan", "Haddad", "Williams", "Davies", "Kowalski", "Ionescu", "Brown", "Ahmed", "Hughes", "Morgan"}
var domains = []string{"example.org", "mail.example", "post.example", "home.example", "inbox.example"}

func (g *gen) person() (string, string) {
	f, l := g.pick(firstNames...), g.pick(lastNames...)
	local := strings.ToLower(strings.NewReplacer("â", "a", "í", "i", "ç", "c", "á", "a", "ó", "o").Replace(f + "." + l))
	return f + " " + l, fmt.Sprintf("%s%d@%s", local, g.r.IntN(90)+10, g.pick(domains...))
}

// render produces the raw message, choosing an encoding that exercises the
// parser: 8bit, quoted-printable, base64, a legacy charset, HTML only.
func (g *gen) render(m msg, i int) string {
	if m.raw != "" {
		return m.raw
	}
	var b strings.Builder
	crlf := i%3 != 0
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	w := func(s string) { b.WriteString(s + nl) }
	subject := m.subject
	if !isASCII(subject) || i%7 == 0 {
		if i%2 == 0 {
			subject = mime.QEncoding.Encode("utf-8", subject)
		} else {
			subject = mime.BEncoding.Encode("utf-8", subject)
		}
	}
	w("Return-Path: <" + addrOf(m.from) + ">")
	w("Received: from mx.mail.example by mx.provider.example; Mon, 2 Mar 2026 09:0" + fmt.Sprint(i%10) + ":00 +0000")
	w("From: " + encodeFrom(m.from))
	w("To: Family Support <intake@provider.example>")
	w("Subject: " + subject)
	w(fmt.Sprintf("Date: Mon, %d Mar 2026 %02d:%02d:00 +0000", 1+i%28, 8+i%10, i%60))
	w(fmt.Sprintf("Message-ID: <gen-%04d@%s>", i, domainOf(m.from)))
	for _, h := range m.headers {
		w(h)
	}
	w("MIME-Version: 1.0")
	body := strings.ReplaceAll(m.body, "\n", nl)
	ctype := "text/plain"
	if m.html {
		ctype = "text/html"
		body = toHTML(m.body, nl)
	}
	switch {
	case i%5 == 1:
		w("Content-Type: " + ctype + "; charset=utf-8")
		w("Content-Transfer-Encoding: base64")
		w("")
		enc := base64.StdEncoding.EncodeToString([]byte(body))
		for len(enc) > 76 {
			w(enc[:76])
			enc = enc[76:]
		}
		w(enc)
	case i%5 == 3 && isLatin1(body):
		w("Content-Type: " + ctype + "; charset=windows-1252")
		w("Content-Transfer-Encoding: quoted-printable")
		w("")
		enc, _ := charmap.Windows1252.NewEncoder().String(body)
		b.WriteString(qp(enc) + nl)
	case (i%5 == 3 || i%5 == 4) && isLatin2(body) && !isLatin1(body):
		w("Content-Type: " + ctype + "; charset=iso-8859-2")
		w("Content-Transfer-Encoding: 8bit")
		w("")
		enc, _ := charmap.ISO8859_2.NewEncoder().String(body)
		b.WriteString(enc + nl)
	case i%5 == 2:
		w("Content-Type: " + ctype + "; charset=utf-8")
		w("Content-Transfer-Encoding: quoted-printable")
		w("")
		b.WriteString(qp(body) + nl)
	default:
		w("Content-Type: " + ctype + "; charset=utf-8")
		w("Content-Transfer-Encoding: 8bit")
		w("")
		b.WriteString(body + nl)
	}
	return b.String()
}

func qp(s string) string {
	var b strings.Builder
	w := quotedprintable.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.String()
}

func toHTML(s, nl string) string {
	var b strings.Builder
	b.WriteString("<html><head><style>p{margin:0}</style></head><body>" + nl)
	for _, para := range strings.Split(s, "\n\n") {
		b.WriteString("<p>" + strings.ReplaceAll(htmlEscape(para), "\n", "<br>") + "</p>" + nl)
	}
	b.WriteString("</body></html>")
	return b.String()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func isLatin1(s string) bool {
	_, err := charmap.Windows1252.NewEncoder().String(s)
	return err == nil && !isASCII(s)
}

func isLatin2(s string) bool {
	_, err := charmap.ISO8859_2.NewEncoder().String(s)
	return err == nil && !isASCII(s)
}

func addrOf(from string) string {
	if i := strings.LastIndex(from, "<"); i >= 0 {
		return strings.TrimSuffix(from[i+1:], ">")
	}
	return from
}

func domainOf(from string) string {
	a := addrOf(from)
	return a[strings.Index(a, "@")+1:]
}

func encodeFrom(from string) string {
	i := strings.LastIndex(from, "<")
	if i <= 0 {
		return from
	}
	name := strings.TrimSpace(from[:i])
	if isASCII(name) {
		return `"` + name + `" ` + from[i:]
	}
	return mime.QEncoding.Encode("utf-8", name) + " " + from[i:]
}
