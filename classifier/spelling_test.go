package classifier

import "testing"

// No word the lexicon itself uses may be read as another: the spelling
// fixes are for mistakes, not for words of other languages or of other
// rules ("acceso", "informations").
func TestSpellingKeepsLexiconWords(t *testing.T) {
	for _, r := range lexMatcher.rules {
		for _, e := range r.elems {
			for _, a := range e.alts {
				if k, ok := spellFix[a.s]; ok && !e.matches(k) {
					t.Errorf("lexicon word %q (in %q) would be read as %q", a.s, r.Pattern, k)
				}
			}
		}
	}
}

func TestSpellingFixes(t *testing.T) {
	for in, want := range map[string]string{
		"deleated": "deleted", "infomation": "information", "recrods": "records", "delte": "delete",
		"errased": "erased", "compalint": "complaint", "complian": "complain", "destory": "destroy", "remvoe": "remove",
	} {
		if got := spellFix[in]; got != want {
			t.Errorf("%q read as %q, want %q", in, got, want)
		}
	}
	for _, w := range []string{"remote", "content", "compliant", "deplete", "acceso", "informacion", "requests"} {
		if k, ok := spellFix[w]; ok {
			t.Errorf("real word %q read as %q", w, k)
		}
	}
}
