package message

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText turns an HTML body into readable text: block elements become
// line breaks, list items get "- ", scripts, styles and the document head
// are dropped, entities are decoded, and text inside <blockquote> is
// prefixed with "> " so that StripQuoted can recognise quoted replies in
// HTML-only mail.
func HTMLToText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	h := &parseHTMLText{}
	skip := 0 // depth inside script/style/head/...
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return h.finish()
		case html.TextToken:
			if skip == 0 {
				h.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if parseHTMLSkipped(a) {
				if tt == html.StartTagToken {
					skip++
				}
				continue
			}
			if skip > 0 {
				continue
			}
			h.open(a, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if parseHTMLSkipped(a) {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			h.close(a)
		}
	}
}

func parseHTMLSkipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Head, atom.Title, atom.Noscript, atom.Template, atom.Svg, atom.Object:
		return true
	}
	return false
}

func parseHTMLBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Tr, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre, atom.Table,
		atom.Ul, atom.Ol, atom.Hr, atom.Section, atom.Article, atom.Header,
		atom.Footer, atom.Address, atom.Dd, atom.Dt, atom.Dl, atom.Center,
		atom.Form, atom.Fieldset, atom.Main, atom.Nav, atom.Aside, atom.Figure,
		atom.Caption, atom.Body, atom.Html, atom.Tbody, atom.Thead, atom.Tfoot:
		return true
	}
	return false
}

// parseHTMLText accumulates lines, collapsing whitespace outside <pre>.
type parseHTMLText struct {
	lines []string
	cur   strings.Builder
	quote int // <blockquote> depth
	pre   int
	space bool // a space is pending before the next word
}

// parseHTMLMaxQuote caps the "> " prefix: deeper nesting adds nothing
// readable and would let hostile HTML blow up the output.
const parseHTMLMaxQuote = 8

func (h *parseHTMLText) prefix() string {
	return strings.Repeat("> ", min(h.quote, parseHTMLMaxQuote))
}

func (h *parseHTMLText) text(t string) {
	t = strings.ReplaceAll(t, "\u00a0", " ")
	if h.pre > 0 {
		for i, part := range strings.Split(t, "\n") {
			if i > 0 {
				h.newline()
			}
			if part != "" {
				if h.cur.Len() == 0 {
					h.cur.WriteString(h.prefix())
				}
				h.cur.WriteString(part)
			}
		}
		return
	}
	if t != "" && strings.TrimLeft(t, " \t\n\r\f") != t {
		h.space = true
	}
	words := strings.Fields(t)
	for i, w := range words {
		if h.cur.Len() == 0 {
			h.cur.WriteString(h.prefix())
			h.space = false
		} else if h.space || i > 0 {
			h.cur.WriteByte(' ')
		}
		h.cur.WriteString(w)
		h.space = false
	}
	if len(words) > 0 && strings.TrimRight(t, " \t\n\r\f") != t {
		h.space = true
	}
}

func (h *parseHTMLText) newline() {
	h.lines = append(h.lines, strings.TrimRight(h.cur.String(), " "))
	h.cur.Reset()
	h.space = false
}

// block ends the current line, if any, so a block starts on a fresh one.
func (h *parseHTMLText) block() {
	if h.cur.Len() > 0 {
		h.newline()
	}
}

func (h *parseHTMLText) open(a atom.Atom, selfClosing bool) {
	switch a {
	case atom.Br:
		h.newline()
		return
	case atom.Td, atom.Th:
		if h.cur.Len() > 0 {
			h.cur.WriteString("\t")
			h.space = false
		}
		return
	case atom.Img:
		return
	}
	if !parseHTMLBlock(a) {
		return
	}
	h.block()
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table:
		h.blank()
	case atom.Hr:
		h.lines = append(h.lines, h.prefix()+"----")
	case atom.Blockquote:
		if !selfClosing {
			h.quote++
		}
	case atom.Pre:
		if !selfClosing {
			h.pre++
		}
	case atom.Li:
		h.cur.WriteString(h.prefix() + "- ")
	}
}

func (h *parseHTMLText) close(a atom.Atom) {
	if !parseHTMLBlock(a) {
		return
	}
	h.block()
	switch a {
	case atom.Blockquote:
		if h.quote > 0 {
			h.quote--
		}
	case atom.Pre:
		if h.pre > 0 {
			h.pre--
		}
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Table:
		h.blank()
	}
}

// blank adds an empty line unless there is one already.
func (h *parseHTMLText) blank() {
	if n := len(h.lines); n > 0 && strings.TrimSpace(strings.Trim(h.lines[n-1], "> ")) != "" {
		h.lines = append(h.lines, strings.TrimRight(h.prefix(), " "))
	}
}

func (h *parseHTMLText) finish() string {
	h.block()
	// collapse runs of blank lines and trim the ends
	var out []string
	blank := false
	for _, l := range h.lines {
		if strings.TrimSpace(strings.Trim(l, ">")) == "" && strings.TrimSpace(l) == "" {
			if !blank && len(out) > 0 {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}
