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
	// the limit is reached. A sentence end after the word adds the boundary
	// token, so that a pattern's gaps cannot join two sentences ("it's not
	// for me. Please delete my details" is not a refusal to delete).
	closeTok := func(end int) bool {
		if start >= 0 {
			bounds = append(bounds, start, b.Len())
			spans = append(spans, srcStart, end)
			start = -1
			if limit > 0 && len(bounds)/2 >= limit {
				return true
			}
			if at := sentenceEnd(s, end); at >= 0 && !abbreviation(b.String()[bounds[len(bounds)-2]:]) {
				bounds = append(bounds, b.Len(), b.Len())
				spans = append(spans, at, at+1)
			}
		}
		return false
	}
	done := func() text {
		for n := len(bounds); n >= 2 && bounds[n-2] == bounds[n-1]; n -= 2 {
			// A boundary at the very end separates nothing.
			bounds, spans = bounds[:n-2], spans[:n-2]
		}
		out := make([]string, len(bounds)/2)
		str := b.String()
		for i := range out {
			if bounds[2*i] == bounds[2*i+1] {
				out[i] = boundary
				continue
			}
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
		if unicode.Is(unicode.Han, r) {
			// Chinese has no spaces: each character is a word of its own,
			// and the lexicon reads it a character at a time.
			if closeTok(i) {
				return done()
			}
			start, srcStart = b.Len(), i
			b.WriteRune(r)
			if closeTok(i + utf8.RuneLen(r)) {
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

// boundary is the token that stands for the end of a sentence or a
// paragraph. No lexicon word can be it, since "." separates words.
const boundary = "."

// sentenceEnd returns the offset of the punctuation or paragraph break that
// ends a sentence right after offset end of s (only spaces between), or -1.
// A full stop counts when white space follows it and no digit comes next
// ("Art. 17", "no. 5" go on); "?" and "!" always count; so does a blank line.
func sentenceEnd(s string, end int) int {
	i := end
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == ')' || s[i] == '\'') {
		i++
	}
	if i >= len(s) {
		return -1
	}
	if strings.HasPrefix(s[i:], "。") || strings.HasPrefix(s[i:], "！") || strings.HasPrefix(s[i:], "？") {
		return i
	}
	switch s[i] {
	case '?', '!':
		return i
	case '.':
		j := i + 1
		if j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t' {
			return -1
		}
		for j < len(s) && (s[j] == ' ' || s[j] == '\n' || s[j] == '\r' || s[j] == '\t') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			return -1
		}
		return i
	case '\r', '\n':
		nl := 0
		for j := i; j < len(s) && (s[j] == '\r' || s[j] == '\n' || s[j] == ' ' || s[j] == '\t'); j++ {
			if s[j] == '\n' {
				nl++
			}
		}
		if nl >= 2 {
			return i
		}
	}
	return -1
}

// abbreviation reports words that a full stop follows without ending the
// sentence.
func abbreviation(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "dr", "st", "no", "nr", "art", "arts", "e", "g", "i", "ie", "eg", "etc", "vs", "ref", "tel", "approx", "para", "sec", "s", "p", "pp", "cf", "co", "ltd", "inc":
		return true
	}
	return false
}
