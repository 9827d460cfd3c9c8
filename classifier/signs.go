package classifier

// Signs of a request that no lexicon phrase confirms: a request verb and a
// word for personal data or records in the same sentence ("you lot have
// messed up my records again", "get rid of my details"). Such mail is not
// answered, but it is not left as "other" either: it goes to a person,
// with the kind the verb suggests as a guess.

// signVerbs maps a folded (and spelling-fixed) word to the kind of request
// it suggests.
var signVerbs = func() map[string]Kind {
	m := map[string]Kind{}
	for k, ws := range map[Kind]string{
		KindErasure:       "delete deleted deleting deletion del dlt erase erased erasing erasure remove removed removing removal wipe wiped wiping destroy destroyed destroying purge purged shred shredded scrap scrapped bin binned rid forget forgotten dispose disposed trace",
		KindAccess:        "copy copies send see view read show provide access obtain request requesting keep kept hold held store stored collected collect",
		KindRectification: "fix fixed correct corrected correction change changed amend amended update updated wrong incorrect inaccurate untrue mistake mistakes error errors misspelt misspelled spelt spelled lies false messed mess muddled mixed listed",
		KindObjection:     "stop object objecting objection consent opt agreed agree permission pass passing share sharing sell selling use using process processing contact contacting",
		KindComplaint:     "complain complaint complained complaining unhappy upset dare concern concerned concerns disgusted appalled furious angry outraged breach breached leaked disclosed shared passed given gave discussed mentioned overheard lost misplaced left exposed published posted grievance explanation",
		KindRestriction:   "restrict restricted restriction freeze frozen lock locked suspend",
		KindPortability:   "transfer transferred port export exported exporting download downloaded csv spreadsheet json",
	} {
		for _, w := range tokenize(ws, 0) {
			if old, ok := m[w]; ok && old != k {
				// The map is built in random order: a word in two lists
				// would make the guess differ from run to run.
				panic("classifier: sign verb " + w + " suggests two kinds")
			}
			m[w] = k
		}
	}
	return m
}()

// signData are the words for personal data, records and the people they
// are about.
var signData = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range tokenize("data dat information informations info details detail records record file files notes note report reports case casefile assessment referral paperwork emails letters photos photo pictures videos history everything anything personal name surname address dob birth child children childs son daughter kids baby", 0) {
		m[w] = true
	}
	return m
}()

// aboutMe are the words after which "me" is the data subject ("what you
// have on me", "all trace of me").
var aboutMe = map[string]bool{"about": true, "on": true, "of": true, "regarding": true, "concerning": true}

// signWeight is the strength of one sentence with a request verb and a
// word for data; plainWeight that of one which also asks in the first
// person about the writer's own data ("can I see what has been written
// about me"): a request in plain words.
const (
	signWeight  = 0.5
	plainWeight = 0.85
)

// askFrame are the words that make a sentence ask something of us.
var askFrame = map[string]bool{
	"please": true, "pls": true, "plz": true, "plese": true, "pleas": true, "can": true, "could": true, "would": true,
	"may": true, "want": true, "wants": true, "wanted": true, "wish": true, "wishes": true, "like": true, "need": true,
	"needs": true, "let": true, "kindly": true, "asking": true, "pleese": true, "pleeze": true, "plse": true, "pls.": true, "cud": true, "wud": true, "wanna": true, "entitled": true,
	"expect": true, "demand": true, "insist": true,
}

// hypothetical are the words of a question about what would happen, which
// asks nothing of us yet ("if I stop the course, what happens to my
// information?").
var hypothetical = map[string]bool{"if": true, "whether": true, "wondering": true, "wonder": true, "worried": true, "happens": true, "happen": true, "long": true}

// plainVerbOK reports whether a sign verb can make a request in plain
// words: "keep", "hold" or "share" name what is done with data, not what
// is asked, unless the sentence says to stop or not to.
func plainVerbOK(verb string, negated bool) bool {
	switch verb {
	case "keep", "kept", "hold", "held", "store", "stored", "collected", "collect", "request", "requesting",
		"agreed", "agree", "permission", "consent", "opt", "list", "listed", "trace":
		return false
	case "use", "using", "process", "processing", "contact", "contacting", "pass", "passing", "share", "sharing", "sell", "selling":
		return negated
	}
	return true
}

// firstPerson are the words that put the writer in a sentence;
// thirdPerson those that put the person the writer acts for.
var (
	firstPerson = map[string]bool{"me": true, "my": true, "mine": true, "myself": true, "our": true, "us": true, "ours": true, "i": true}
	thirdPerson = map[string]bool{"him": true, "her": true, "his": true, "their": true, "them": true, "client": true, "son": true, "daughter": true, "child": true, "childs": true, "children": true}
)

// findSigns adds, per kind, the sentences of t that hold a request verb and
// a word for data, to ev under the kind's sign feature; those that also ask
// in the first person about the writer's own data (or, when third is set,
// that of the person the writer acts for) under the kind's plain-request
// feature.
func findSigns(t text, where string, third bool, add func(f feature, weight float64, reason string)) {
	toks := t.toks
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i] != boundary {
			continue
		}
		verb, data := -1, -1
		frame, person, hypo, negated := false, false, false, false
		for j := start; j < i; j++ {
			w := toks[j]
			hypo = hypo || hypothetical[w]
			negated = negated || w == "stop" || w == "not" || w == "don" || w == "dont" || w == "never" || w == "no"
			if _, ok := signVerbs[w]; ok && verb < 0 {
				verb = j
			}
			if data < 0 && (signData[w] || (w == "me" && j > start && aboutMe[toks[j-1]])) {
				data = j
			}
			frame = frame || askFrame[w]
			person = person || firstPerson[w] || (third && thirdPerson[w])
		}
		if verb >= 0 && data >= 0 && verb != data {
			a, b := min(verb, data), max(verb, data)
			k := signVerbs[toks[verb]]
			add(signFeature[k], signWeight, where+` "`+t.quote(a, b+1)+`"`)
			if frame && person && !hypo && ownData(toks[start:i], third) {
				// The kind is that of the first verb that can ask.
				for j := start; j < i; j++ {
					if pk, ok := signVerbs[toks[j]]; ok && j != data && pk != KindComplaint && plainVerbOK(toks[j], negated) {
						add(plainFeature[pk], plainWeight, "plain request: "+where+` "`+t.quote(start, i)+`"`)
						break
					}
				}
			}
		}
		start = i + 1
	}
}

// ownData reports whether a sentence names the writer's own data (or that
// of the person they act for): "my notes", "about me", "on me", "what you
// have on him". "The details of the course" is not.
func ownData(toks []string, third bool) bool {
	for j, w := range toks {
		switch {
		case third && signData[w]:
			// Writing for someone, the data named is theirs.
			return true
		case w == "my" || w == "our" || (third && (w == "his" || w == "her" || w == "their")):
			for _, x := range toks[j+1 : min(j+4, len(toks))] {
				if signData[x] {
					return true
				}
			}
		case aboutMe[w] && j+1 < len(toks):
			x := toks[j+1]
			if x == "me" || x == "myself" || x == "us" || (third && (x == "him" || x == "her" || x == "them")) {
				return true
			}
		case w == "personal":
			return true
		}
	}
	return false
}

var signFeature = map[Kind]feature{
	KindErasure: fMaybeErasure, KindAccess: fMaybeAccess, KindRectification: fMaybeRectification,
	KindObjection: fMaybeObjection, KindComplaint: fMaybeComplaint, KindRestriction: fMaybeRestriction,
	KindPortability: fMaybePortability,
}
