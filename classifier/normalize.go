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

// tokenize lower-cases and folds s and splits it into words. Letters,
// digits and combining marks make up words; everything else (including
// apostrophes, so that "don't" and "l'oubli" split alike) separates them.
// At most limit tokens are returned (limit <= 0: no limit), which bounds the
// work on very long mail.
func tokenize(s string, limit int) []string {
	var b strings.Builder
	b.Grow(len(s))
	var bounds []int
	start := -1
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	closeTok := func() bool {
		if start >= 0 {
			bounds = append(bounds, start, b.Len())
			start = -1
			if limit > 0 && len(bounds)/2 >= limit {
				return true
			}
		}
		return false
	}
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			default:
				if closeTok() {
					return split(b.String(), bounds)
				}
				continue
			}
			if start < 0 {
				start = b.Len()
			}
			b.WriteByte(c)
		}
		closeTok()
		return split(b.String(), bounds)
	}
	for _, r := range s {
		if isArabicDiacritic(r) {
			continue
		}
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) || isApostrophe(r) {
			if closeTok() {
				return split(b.String(), bounds)
			}
			continue
		}
		r = unicode.ToLower(r)
		if start < 0 {
			start = b.Len()
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	closeTok()
	return split(b.String(), bounds)
}

func split(s string, bounds []int) []string {
	out := make([]string, len(bounds)/2)
	for i := range out {
		out[i] = s[bounds[2*i]:bounds[2*i+1]]
	}
	return out
}
