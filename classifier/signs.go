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
// word for data.
const signWeight = 0.5

// findSigns adds, per kind, the sentences of t that hold a request verb and
// a word for data, to ev under the kind's sign feature.
func findSigns(t text, where string, add func(f feature, weight float64, reason string)) {
	toks := t.toks
	start := 0
	for i := 0; i <= len(toks); i++ {
		if i < len(toks) && toks[i] != boundary {
			continue
		}
		verb, data := -1, -1
		for j := start; j < i; j++ {
			w := toks[j]
			if _, ok := signVerbs[w]; ok && verb < 0 {
				verb = j
			}
			if data < 0 && (signData[w] || (w == "me" && j > start && aboutMe[toks[j-1]])) {
				data = j
			}
		}
		if verb >= 0 && data >= 0 && verb != data {
			a, b := min(verb, data), max(verb, data)
			k := signVerbs[toks[verb]]
			add(signFeature[k], signWeight, where+` "`+t.quote(a, b+1)+`"`)
		}
		start = i + 1
	}
}

var signFeature = map[Kind]feature{
	KindErasure: fMaybeErasure, KindAccess: fMaybeAccess, KindRectification: fMaybeRectification,
	KindObjection: fMaybeObjection, KindComplaint: fMaybeComplaint, KindRestriction: fMaybeRestriction,
	KindPortability: fMaybePortability,
}
