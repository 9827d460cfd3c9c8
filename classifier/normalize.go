package classifier

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldTable maps letters to the form both the lexicon and the mail are
// compared in. People type Polish, Romanian, Welsh or German without their
// diacritics as often as with them, and Arabic-script text mixes Arabic and
// Persian code points for the same letter, so both sides are folded alike.
var foldTable = map[rune]string{
	'ą': "a", 'ć': "c", 'ę': "e", 'ł': "l", 'ń': "n", 'ó': "o", 'ś': "s", 'ź': "z", 'ż': "z",
	'ă': "a", 'â': "a", 'î': "i", 'ș': "s", 'ş': "s", 'ț': "t", 'ţ': "t",
	'à': "a", 'á': "a", 'ä': "a", 'ã': "a", 'å': "a", 'ç': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'ï': "i",
	'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u",
	'ñ': "n", 'ß': "ss", 'ŵ': "w", 'ŷ': "y", 'ÿ': "y", 'ý': "y", 'œ': "oe", 'æ': "ae",
	'ě': "e", 'š': "s", 'č': "c", 'ř': "r", 'ž': "z",
	// Arabic script: hamza-carrying alefs, Persian/Urdu yeh and keheh.
	'أ': "ا", 'إ': "ا", 'آ': "ا", 'ٱ': "ا", 'ی': "ي", 'ى': "ي", 'ک': "ك", 'ۃ': "ة",
}

// isApostrophe reports the characters people use inside contractions.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘' || r == '`'
}

// isArabicDiacritic reports short-vowel marks that are optional in writing.
func isArabicDiacritic(r rune) bool {
	return (r >= 0x064B && r <= 0x0652) || r == 0x0670 || r == 0x0640
}

// text is a string split into folded words, with the byte span of each
// word in the original so that evidence can be quoted as it was written.
type text struct {
	src   string
	toks  []string
	spans []int // start and end of toks[i] in src at 2i and 2i+1
}

// quote returns the original wording of words i..j-1, with runs of white
// space collapsed and long quotes shortened.
func (t text) quote(i, j int) string {
	q := strings.Join(strings.Fields(t.src[t.spans[2*i]:t.spans[2*(j-1)+1]]), " ")
	if len(q) > 100 {
		cut := 100
		for cut > 0 && !utf8.RuneStart(q[cut]) {
			cut--
		}
		q = q[:cut] + "…"
	}
	return q
}

// tokenize lower-cases and folds s and splits it into words. Letters,
// digits and combining marks make up words; everything else (including
// apostrophes, so that "don't" and "l'oubli" split alike) separates them.
// At most limit tokens are returned (limit <= 0: no limit), which bounds the
// work on very long mail.
func tokenize(s string, limit int) []string {
	return newText(s, limit).toks
}

func newText(s string, limit int) text {
	var b strings.Builder
	b.Grow(min(len(s), 1<<16))
	var bounds, spans []int
	start, srcStart := -1, 0
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	// closeTok ends the current word at src offset end; it reports whether
	// the limit is reached.
	closeTok := func(end int) bool {
		if start >= 0 {
			bounds = append(bounds, start, b.Len())
			spans = append(spans, srcStart, end)
			start = -1
			if limit > 0 && len(bounds)/2 >= limit {
				return true
			}
		}
		return false
	}
	done := func() text {
		out := make([]string, len(bounds)/2)
		str := b.String()
		for i := range out {
			out[i] = str[bounds[2*i]:bounds[2*i+1]]
		}
		return text{src: s, toks: out, spans: spans}
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				if closeTok(i) {
					return done()
				}
				continue
			}
			if start < 0 {
				start, srcStart = b.Len(), i
			}
			b.WriteByte(c)
		}
		closeTok(len(s))
		return done()
	}
	for i, r := range s {
		if isArabicDiacritic(r) {
			continue
		}
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) || isApostrophe(r) {
			if closeTok(i) {
				return done()
			}
			continue
		}
		r = unicode.ToLower(r)
		if start < 0 {
			start, srcStart = b.Len(), i
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	closeTok(len(s))
	return done()
}
