package web

import (
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"

	"example.org/intake/message"
)

// emailPolicy keeps the structure and text of an HTML email and nothing
// that could run or load: no scripts, styles, forms, frames or event
// handlers, and no images at all (a remote image is a tracking pixel; an
// inline one is rarely worth the risk). Links keep only http, https and
// mailto targets and open nothing in this window.
var emailPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "small", "sub", "sup",
		"blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "cite", "q")
	p.AllowLists()
	p.AllowTables()
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)
	p.AllowAttrs("title").Globally()
	return p
}()

// SanitizeEmailHTML returns html made safe to show to staff.
func SanitizeEmailHTML(html string) template.HTML {
	return template.HTML(emailPolicy.Sanitize(html)) // #nosec: sanitised above
}

// shownMessage is one email as the case page shows it.
type shownMessage struct {
	From, Subject string
	To            []string
	Text          string
	HTML          template.HTML // sanitised; "" when the message had no HTML part
	Attachments   []message.Attachment
	ParseErrors   []string
}

var blankLines = regexp.MustCompile(`\n{3,}`)

func showMessage(raw []byte) shownMessage {
	m := message.Parse(raw, nil)
	sm := shownMessage{From: addrString(m.From), Subject: m.Subject, Text: blankLines.ReplaceAllString(m.Text, "\n\n"),
		Attachments: m.Attachments, ParseErrors: m.ParseErrors}
	for _, a := range m.To {
		sm.To = append(sm.To, addrString(a))
	}
	if m.HTML != "" {
		sm.HTML = SanitizeEmailHTML(m.HTML)
	}
	return sm
}

func addrString(a message.Address) string {
	if a.Name == "" {
		return a.Addr
	}
	return a.Name + " <" + a.Addr + ">"
}
