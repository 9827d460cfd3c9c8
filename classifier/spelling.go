package classifier

// People misspell the few words a request turns on ("deleated",
// "infomation", "recrods", "complaing"). Each word within one edit
// (a letter left out, added, changed or two swapped) of one of the key
// words below is read as that word. Real words that are one edit away
// from a key word are listed so that they keep their meaning ("remote" is
// not "remove", "content" is not "consent").
var spellKeys = []string{
	"delete", "deleted", "deleting", "deletion", "remove", "removed", "removal",
	"erased", "erasure", "destroy", "destroyed", "information", "records",
	"personal", "complaint", "complain", "complained", "rectify", "rectification",
	"correct", "incorrect", "restrict", "restriction", "objection", "request",
	"subject", "consent", "withdraw", "everything", "details", "portability",
	"access", "immediately", "system", "address", "please",
}

var spellExceptions = map[string]bool{
	"deplete": true, "depleted": true, "depletion": true, "remote": true, "eased": true,
	"creased": true, "greased": true, "compliant": true, "content": true, "retails": true,
	"derails": true, "bequest": true, "abject": true, "detailed": true, "detail": true,
	"record": true, "recodes": true, "persona": true, "persons": true, "erase": true,
	"eraser": true, "acces": true, "informacion": true, "reject": true, "redirect": true,
	"deleter": true, "remover": true, "rejected": true, "objecting": true, "subjects": true,
	// Words of the other languages the lexicon reads.
	"acceso": true, "accesso": true, "personol": true, "portabilite": true, "personale": true,
}

// spellFix maps misspellings to the key word, built once.
var spellFix = func() map[string]string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	keys := map[string]bool{}
	for _, k := range spellKeys {
		keys[k] = true
	}
	fix := map[string]string{}
	add := func(v, k string) {
		// Plurals keep their own spelling: patterns and other languages
		// use them ("requests", "informations").
		if len(v) < 5 || keys[v] || spellExceptions[v] || v == k+"s" {
			return
		}
		if old, ok := fix[v]; ok && old != k {
			// Between two key words: neither is sure.
			fix[v] = ""
			return
		}
		fix[v] = k
	}
	for _, k := range spellKeys {
		for i := 0; i <= len(k); i++ {
			for _, c := range letters {
				add(k[:i]+string(c)+k[i:], k) // a letter added
			}
			if i == len(k) {
				continue
			}
			add(k[:i]+k[i+1:], k) // a letter left out
			for _, c := range letters {
				if byte(c) != k[i] {
					add(k[:i]+string(c)+k[i+1:], k) // a letter changed
				}
			}
			if i+1 < len(k) && k[i] != k[i+1] {
				add(k[:i]+string(k[i+1])+string(k[i])+k[i+2:], k) // two swapped
			}
		}
	}
	for v, k := range fix {
		if k == "" {
			delete(fix, v)
		}
	}
	return fix
}()

// fixSpelling rewrites misspelt key words of t in place; quotes still show
// the words as written. It returns a reason per word changed (at most a
// few), so that a person can see how the message was read.
func fixSpelling(t *text) []string {
	var reasons []string
	for i, w := range t.toks {
		if len(w) < 5 {
			continue
		}
		if k, ok := spellFix[w]; ok {
			t.toks[i] = k
			if len(reasons) < 3 {
				reasons = append(reasons, `spelling: "`+t.quote(i, i+1)+`" read as "`+k+`"`)
			}
		}
	}
	return reasons
}
