package classifier

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A rule is one phrase of the lexicon. Pattern is a space-separated list of
// elements: "a|b" matches either word, "delet*" any word starting so, "~"
// skips up to three words and "~N" up to N. Words are written as people
// write them; they are folded like the mail itself.
type rule struct {
	Pattern string
	Feature feature
	Weight  float64
	// Ask marks first-person request wording ("please delete my data"), as
	// opposed to vocabulary that DPO replies and newsletters use too ("the
	// right to erasure"). Only asks let the classifier act alone.
	Ask bool
}

type alt struct {
	s      string
	prefix bool
}

type elem struct {
	alts []alt
	gap  int // > 0: this element skips 0..gap words
}

type compiled struct {
	rule
	id    int
	elems []elem
}

// matcher finds every rule of a lexicon in a token stream in one pass.
type matcher struct {
	rules  []*compiled
	exact  map[string][]*compiled
	prefix map[string][]*compiled
}

// hit is one rule found in the text, with the words it matched.
type hit struct {
	r    *compiled
	text string
	pos  int // index of the first word matched
}

func keyOf(s string) string {
	n := 0
	for i := range s {
		if n == 2 {
			return s[:i]
		}
		n++
	}
	return s
}

func compileRules(rs []rule) (*matcher, error) {
	m := &matcher{exact: map[string][]*compiled{}, prefix: map[string][]*compiled{}}
	for i, r := range rs {
		c := &compiled{rule: r, id: i}
		for _, f := range strings.Fields(r.Pattern) {
			if strings.HasPrefix(f, "~") {
				n := 3
				if len(f) > 1 {
					v, err := strconv.Atoi(f[1:])
					if err != nil || v <= 0 {
						return nil, fmt.Errorf("classifier: bad gap %q in %q", f, r.Pattern)
					}
					n = v
				}
				c.elems = append(c.elems, elem{gap: n})
				continue
			}
			var e elem
			for _, a := range strings.Split(f, "|") {
				p := strings.HasSuffix(a, "*")
				a = strings.TrimSuffix(a, "*")
				toks := tokenize(a, 0)
				if len(toks) != 1 {
					return nil, fmt.Errorf("classifier: word %q in %q is not one token", a, r.Pattern)
				}
				if p && utf8.RuneCountInString(toks[0]) < 2 {
					return nil, fmt.Errorf("classifier: prefix %q in %q is too short", a, r.Pattern)
				}
				e.alts = append(e.alts, alt{s: toks[0], prefix: p})
			}
			c.elems = append(c.elems, e)
		}
		if len(c.elems) == 0 || c.elems[0].gap > 0 || c.elems[len(c.elems)-1].gap > 0 {
			return nil, fmt.Errorf("classifier: pattern %q must start and end with a word", r.Pattern)
		}
		for _, a := range c.elems[0].alts {
			if a.prefix {
				k := keyOf(a.s)
				m.prefix[k] = append(m.prefix[k], c)
			} else {
				m.exact[a.s] = append(m.exact[a.s], c)
			}
		}
		m.rules = append(m.rules, c)
	}
	return m, nil
}

func mustCompile(rs []rule) *matcher {
	m, err := compileRules(rs)
	if err != nil {
		panic(err)
	}
	return m
}

func (e *elem) matches(tok string) bool {
	for _, a := range e.alts {
		if a.prefix {
			if strings.HasPrefix(tok, a.s) {
				return true
			}
		} else if tok == a.s {
			return true
		}
	}
	return false
}

// matchAt returns the end of a match of elems[k:] starting at pos, or -1.
func matchAt(elems []elem, k int, toks []string, pos int) int {
	if k == len(elems) {
		return pos
	}
	e := &elems[k]
	if e.gap > 0 {
		for skip := 0; skip <= e.gap && pos+skip <= len(toks); skip++ {
			if skip > 0 && toks[pos+skip-1] == boundary {
				// A gap never reaches into the next sentence.
				return -1
			}
			if end := matchAt(elems, k+1, toks, pos+skip); end >= 0 {
				return end
			}
		}
		return -1
	}
	if pos < len(toks) && e.matches(toks[pos]) {
		return matchAt(elems, k+1, toks, pos+1)
	}
	return -1
}

// find reports each rule matched in t once, at its first occurrence,
// quoting the words as written. seen is indexed by rule id and must be as
// long as m.rules.
func (m *matcher) find(t text, seen []bool, out []hit) []hit {
	toks := t.toks
	try := func(cs []*compiled, i int) {
		for _, c := range cs {
			if seen[c.id] {
				continue
			}
			if end := matchAt(c.elems, 1, toks, i+1); end >= 0 {
				seen[c.id] = true
				out = append(out, hit{r: c, text: t.quote(i, end), pos: i})
			}
		}
	}
	var pcs []*compiled
	for i, tok := range toks {
		if cs, ok := m.exact[tok]; ok {
			try(cs, i)
		}
		if cs, ok := m.prefix[keyOf(tok)]; ok {
			pcs = pcs[:0]
			for _, c := range cs {
				if c.elems[0].matches(tok) {
					pcs = append(pcs, c)
				}
			}
			try(pcs, i)
		}
	}
	return out
}
