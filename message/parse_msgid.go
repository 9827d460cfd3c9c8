package message

import "strings"

// ParseMsgIDList is a lenient parser for In-Reply-To/References values: it
// accepts commas, missing brackets and folded or wrapped ids, and returns
// the ids without <>, in order, without duplicates.
//
// go-message's MsgIDList stops at the first comma, and threading a request
// to its case must not depend on how tidy the sender's mail client is.
func ParseMsgIDList(v string) []string {
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		id = strings.Join(strings.Fields(id), "") // a wrapped id loses its fold
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		ids = append(ids, id)
	}
	var bare strings.Builder
	flushBare := func() {
		// Outside brackets only something with an @ is an id; the rest is
		// phrase text ("Your message of ...") or separators.
		for _, tok := range strings.FieldsFunc(bare.String(), func(r rune) bool {
			return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == ',' || r == ';'
		}) {
			tok = strings.Trim(tok, "\"'.")
			if strings.Contains(tok, "@") && !strings.HasPrefix(tok, "@") && !strings.HasSuffix(tok, "@") {
				add(tok)
			}
		}
		bare.Reset()
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '(':
			// comment: skip to the matching parenthesis
			depth := 1
			for i++; i < len(v) && depth > 0; i++ {
				switch v[i] {
				case '(':
					depth++
				case ')':
					depth--
				case '\\':
					i++
				}
			}
			i--
			bare.WriteByte(' ')
		case '<':
			flushBare()
			// Scan to the closing '>' or to the next '<' (an unclosed
			// bracket), whichever comes first, so the whole pass stays linear.
			j := i + 1
			for j < len(v) && v[j] != '>' && v[j] != '<' {
				j++
			}
			if j < len(v) && v[j] == '>' {
				add(v[i+1 : j])
				i = j
				continue
			}
			// unclosed bracket: the id runs to the first space
			if f := strings.Fields(v[i+1 : j]); len(f) > 0 {
				add(strings.TrimRight(f[0], ","))
			}
			i = j - 1
		default:
			bare.WriteByte(c)
		}
	}
	flushBare()
	return ids
}
