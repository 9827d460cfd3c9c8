package classifier

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"ascii lower and split", "Please DELETE my-data, now!", []string{"please", "delete", "my", "data", "now"}},
		{"apostrophes split", "don't I'm l'oubli", []string{"don", "t", "i", "m", "l", "oubli"}},
		{"curly apostrophe", "don’t", []string{"don", "t"}},
		{"polish folded", "Usunięcie moich danych", []string{"usuniecie", "moich", "danych"}},
		{"romanian both cedillas", "ştergerea ștergerea", []string{"stergerea", "stergerea"}},
		{"welsh circumflex", "dilëwch ŵyr", []string{"dilewch", "wyr"}},
		{"german eszett", "Grüße", []string{"grusse"}},
		{"arabic alef and diacritics", "أَرجو إزالة", []string{"ارجو", "ازالة"}},
		{"urdu yeh folded", "میری", []string{"ميري"}},
		{"gurmukhi marks kept", "ਮੇਰਾ ਡਾਟਾ", []string{"ਮੇਰਾ", "ਡਾਟਾ"}},
		{"digits kept", "URN 123456", []string{"urn", "123456"}},
		{"empty", " \t\n", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tokenize(tc.in, 0); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := tokenize("a b c d e", 3); len(got) != 3 {
		t.Errorf("limit: %q", got)
	}
	if got := tokenize("ą b c d e", 2); len(got) != 2 {
		t.Errorf("limit non-ascii: %q", got)
	}
}

func TestMatcher(t *testing.T) {
	m := mustCompile([]rule{
		{Pattern: "delet* ~2 my ~3 data|details", Feature: fErasure, Weight: 0.9, Ask: true},
		{Pattern: "right ~2 erasure", Feature: fErasure, Weight: 0.6},
		{Pattern: "copy ~1 of ~1 invoice", Feature: fNotAccess, Weight: 0.8},
	})
	tests := []struct {
		name, text string
		want       []string
	}{
		{"exact", "please delete my data", []string{"delete my data"}},
		{"gaps", "deleting all of my personal data", []string{"deleting all of my personal data"}},
		{"gap too long", "delete one two three my data", nil},
		{"second gap too long", "delete my a b c d data", nil},
		{"alternatives", "delete my details and the right to erasure", []string{"delete my details", "right to erasure"}},
		{"reported once", "delete my data. delete my data.", []string{"delete my data"}},
		{"gap of one", "copy of the invoice", []string{"copy of the invoice"}},
		{"no prefix inside word", "undelete my data", nil},
		{"quoted as written", "Please DELETE  my\n\tData!", []string{"DELETE my Data"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hits := m.find(newText(tc.text, 0), make([]bool, len(m.rules)), nil)
			var got []string
			for _, h := range hits {
				got = append(got, h.text)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCompileRejectsBadPatterns(t *testing.T) {
	for _, p := range []string{"~ delete", "delete ~", "delete ~x data", "d* data", "don't delete", ""} {
		if _, err := compileRules([]rule{{Pattern: p}}); err == nil {
			t.Errorf("pattern %q compiled", p)
		}
	}
}

// Every lexicon compiles (mustCompile panics at start-up otherwise) and has
// first-person asks for each kind it claims to cover.
func TestLexiconsCoverKinds(t *testing.T) {
	for name, lex := range map[string][]rule{"en": lexiconEN, "cy": lexiconCY, "eu": lexiconEU, "sa": lexiconSA} {
		asks := map[feature]bool{}
		for _, r := range lex {
			if r.Weight <= 0 || r.Weight >= 1 {
				t.Errorf("%s: weight %v in %q", name, r.Weight, r.Pattern)
			}
			if r.Ask {
				asks[r.Feature] = true
			}
		}
		for _, f := range []feature{fErasure, fAccess, fObjection} {
			if !asks[f] {
				t.Errorf("%s: no ask for %s", name, f)
			}
		}
	}
}

func TestCoverage(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		covered bool
	}{
		{"english", "I would like you to delete all my data please", true},
		{"welsh", "Hoffwn i chi ddileu fy nata os gwelwch yn dda", true},
		{"german", "Bitte löschen Sie meine Daten und die Kopien", true},
		{"dutch", "Ik wil graag dat u al mijn gegevens verwijdert van uw systeem", false},
		{"italian", "Vorrei che cancellaste tutti i miei dati personali, grazie", false},
		{"japanese", "個人情報を削除してください", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cov, _ := coverage(tokenize(tc.text, 0))
			if got := cov >= uncoveredShare; got != tc.covered {
				t.Errorf("coverage %.2f, covered=%v want %v", cov, got, tc.covered)
			}
		})
	}
}

func TestReferencesFinders(t *testing.T) {
	for in, want := range map[string]string{
		"ref INT-2026-0042.":  "INT-2026-0042",
		"XINT-2026-0042":      "",
		"INT-2026-42":         "",
		"INT-2026-00421234":   "",
		"(INT-2025-123456)":   "INT-2025-123456",
		"INT-2026-0042a":      "",
		"see INT-20 and more": "",
	} {
		if got := findCaseRef(in); got != want {
			t.Errorf("findCaseRef(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Reference: 2026-ABC1234": "2026-ABC1234",
		"2026-ABC12345":           "",
		"2026-1234567":            "",
		"2026-ABCDEFG":            "",
		"INT-2026-ABC1234":        "",
		"x2026-ABC1234":           "",
		"2026-abc1234":            "",
	} {
		if got := findGeneratorRef(in); got != want {
			t.Errorf("findGeneratorRef(%q) = %q, want %q", in, got, want)
		}
	}
}

// Hostile input is bounded: of a megabyte of trigger words only the first
// maxTokens are read, and each rule is found once at most.
func TestLongInputIsBounded(t *testing.T) {
	body := strings.Repeat("delete delete my my ", 50000) + "URN INT-2026- 2026-"
	// The work is bounded by the words read, not by the length of the
	// mail: a bound on tokens, checked here, not a timed assertion
	// (BenchmarkClassifyLong measures the time).
	txt := newText(body, maxTokens)
	words := 0
	for _, w := range txt.toks {
		if w != boundary {
			words++
		}
	}
	if words > maxTokens {
		t.Errorf("%d words read, want at most %d", words, maxTokens)
	}
	if hits := lexMatcher.find(txt, make([]bool, len(lexMatcher.rules)), nil); len(hits) > len(lexMatcher.rules) {
		t.Errorf("%d hits: each rule is found once at most", len(hits))
	}
	extractReferences("", body, true, txt.toks)
}

// A sentence end is a token of its own, so that a pattern's gaps cannot
// join two sentences; abbreviations and numbered articles are not ends.
func TestSentenceBoundaries(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"not for me. Please delete", []string{"not", "for", "me", ".", "please", "delete"}},
		{"why? delete it!", []string{"why", ".", "delete", "it"}},
		{"under Art. 17 GDPR", []string{"under", "art", "17", "gdpr"}},
		{"Mr. Smith asked", []string{"mr", "smith", "asked"}},
		{"first line\nsecond line", []string{"first", "line", "second", "line"}},
		{"paragraph one\n\nparagraph two", []string{"paragraph", "one", ".", "paragraph", "two"}},
		{"file.pdf attached", []string{"file", "pdf", "attached"}},
		{"Dzień dobry. Proszę usunąć", []string{"dzien", "dobry", ".", "prosze", "usunac"}},
	}
	for _, tc := range tests {
		if got := tokenize(tc.in, 0); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	m := mustCompile([]rule{{"not ~4 delete", fNotErasure, 0.9, false}})
	for in, want := range map[string]bool{"I do not want you to delete it": true, "It's not for me. Please delete my data": false} {
		tx := newText(in, 0)
		got := len(m.find(tx, make([]bool, 1), nil)) > 0
		if got != want {
			t.Errorf("%q: match %v, want %v", in, got, want)
		}
	}
}
