package classifier

import "sort"

// kindScore is the weighed evidence for one kind of request.
type kindScore struct {
	k     Kind
	conf  float64
	sum   float64
	ask   bool
	first int
}

// scores is what the evidence of one message weighs: a confidence per
// kind (main kind first), the confidence that the message is a request to
// us whatever its kind, and the signs of a request no wording confirms.
type scores struct {
	kinds   []kindScore
	best    float64 // the best kind confidence
	against float64 // wording of controllers, staff and newsletters
	// plain is the strongest request in plain words, plainKind its kind.
	plain     float64
	plainKind Kind
	// mishandled is the strength of wording about personal data sent or
	// shown to the wrong person.
	mishandled float64
	// request is the confidence that a person is making a data-protection
	// request or complaint to us.
	request float64
	// sign is the strongest sign of a request that no clear wording
	// confirms, signKind its kind, signEv its evidence.
	sign     float64
	signKind Kind
	signEv   *evidence
	// model is what the trained model reads (zero without a model).
	model modelVerdict
	// agree is the confidence of a request read by the rules and the
	// trained model together: the rules' signs or asks and the model's
	// reading are two independent readers, and when both see a request
	// their agreement is surer than either (see agreement).
	agree float64
	// serviceOnly is set when the only request the rules see is a
	// complaint with no word about personal data: as often about a
	// course or a worker as about data, it is never acknowledged alone.
	serviceOnly bool
}

// chaserFloor is the strength of chaser wording ("I have heard nothing
// since") from which a message that also shows signs of a request is
// taken for a request.
const chaserFloor = 0.75

// score weighs the evidence gathered from one message.
func score(g *gathered) scores {
	ev := g.ev
	var s scores
	staff, controller := ev[fStaff], ev[fController]
	if noisyOr(ev[fOnBehalf]) >= 0.75 {
		// "He has asked me to write: he wants to see his file" is the
		// request of the person the writer acts for, not colleagues'
		// talk about someone else's; and solicitors quote "our ref" as
		// controllers do.
		staff = nil
		if controller != nil {
			controller = &evidence{conf: controller.conf / 2}
		}
	}
	if staff != nil && g.internal == "" {
		// Colleagues' wording ("somebody rang asking", "the client has
		// asked") from outside our own domain is as often a person
		// telling what happened to them: it weighs half.
		staff = &evidence{conf: staff.conf / 2}
	}
	s.against = noisyOr(controller, staff, ev[fNotRequest])
	var swallowed []int
	for i, k := range requestKinds {
		e := ev[feature(k)]
		if e == nil {
			continue
		}
		conf := e.conf
		if !e.ask && conf > askCap {
			conf = askCap
		}
		if k == KindComplaint {
			// Data sent or shown to the wrong person is talk of personal
			// data as much as the words for it are.
			ctx := ev[fDPContext]
			if mh := ev[fMishandled]; mh != nil {
				ctx = &evidence{conf: noisyOr(ctx, mh)}
			}
			conf = complaintConf(conf, ctx)
		}
		negated := negation(ev, k) > 0
		conf *= 1 - negation(ev, k)
		if e.ask {
			// Someone else's wording around a first-person request can make
			// it doubtful, but not make it disappear: it still goes to a
			// person.
			conf = max(conf*(1-s.against), min(conf, askFloor))
			if negated && conf < askFloor {
				// So can a near miss when nothing else is asked for; see
				// below.
				swallowed = append(swallowed, len(s.kinds))
			}
		} else {
			conf *= 1 - s.against
		}
		s.kinds = append(s.kinds, kindScore{k, conf, e.sum + float64(len(requestKinds)-i)*1e-6, e.ask, e.firstAsk})
	}
	// A near miss that cancels the only request of a message ("it's not
	// for me ... please delete my details" read as "not ... delete") may be
	// wrong: the message goes to a person. Next to another request it only
	// keeps its kind out of the rights.
	if len(swallowed) > 0 {
		top := 0.0
		for _, x := range s.kinds {
			top = max(top, x.conf)
		}
		if top < TriageFloor {
			for _, i := range swallowed {
				s.kinds[i].conf = min(ev[feature(s.kinds[i].k)].conf, askFloor)
			}
		}
	}
	sort.SliceStable(s.kinds, func(i, j int) bool {
		if s.kinds[i].conf != s.kinds[j].conf {
			return s.kinds[i].conf > s.kinds[j].conf
		}
		return s.kinds[i].sum > s.kinds[j].sum
	})
	s.kinds = mainKindFirst(s.kinds, ev)
	for _, x := range s.kinds {
		s.best = max(s.best, x.conf)
	}

	// Plain words: the strongest kind's plain request, cancelled by its
	// near misses and weakened by others' wording.
	for _, k := range requestKinds {
		if e := ev[plainFeature[k]]; e != nil {
			c := e.conf * (1 - negation(ev, k)) * (1 - s.against)
			if c > s.plain {
				s.plain, s.plainKind = c, k
			}
		}
	}
	if e := ev[fMishandled]; e != nil {
		// Colleagues' wording ("someone called ...") does not explain away
		// a person's account of their data sent to the wrong place;
		// mail between colleagues is kept from replies by the sender check.
		s.mishandled = e.conf * (1 - noisyOr(controller, ev[fNotRequest])) * (1 - 0.8*noisyOr(ev[fNotComplaint]))
	}
	s.sign, s.signKind, s.signEv = bestSign(ev, s.against)
	if model != nil {
		s.model = model.verdict(g.subj.toks, g.body.toks)
	}
	s.request = noisyOr(&evidence{conf: s.best}, &evidence{conf: s.plain}, &evidence{conf: s.mishandled})
	s.serviceOnly = serviceComplaintOnly(&s, ev)
	if fu := ev[fFollowUp]; fu != nil && fu.conf >= chaserFloor && s.sign >= followUpSignFloor {
		// "I asked for my records in March and have heard nothing": a
		// chaser about a request of ours is a request however it is put.
		s.request = noisyOr(&evidence{conf: s.request}, &evidence{conf: 0.6 * ev[fFollowUp].conf}, &evidence{conf: s.sign})
	}
	if nc := ev[fNotComplaint]; (nc == nil || nc.conf < 0.75) && (g.lang != "en" || speaksForSelf(g.all)) && (g.cov >= uncoveredShare || s.sign >= uncoveredSignFloor) {
		// In the languages the lexicon reads only by concept the model
		// has seen requests and little else, and reads much mail in them
		// as one: there the rules' signs must be stronger (two of them,
		// such as "I want to know what information" and "please send a
		// copy") and the model surer.
		// A letter to the regulator, or one that states the right to
		// complain to it, reads like a request to both readers; only
		// the rules' own asks can make it one.
		s.agree = agreement(&s, g.thread != "" || ev[fFollowUp] != nil, g.isTemplate)
		if g.cov < uncoveredShare && s.model.request < uncoveredModelFloor {
			s.agree = 0
		}
	}
	return s
}

const (
	// agreeRuleFloor is the least the rules must see (a sign, a weak ask)
	// for their agreement with the model to count; agreeThreadFloor the
	// same for a reply in a thread or a chaser, which ask in few words.
	agreeRuleFloor   = 0.4
	agreeThreadFloor = 0.25
	// agreeModelFloor is the least probability of a request the model
	// must give for its agreement with the rules to count.
	agreeModelFloor = 0.5
	// uncoveredSignFloor and uncoveredModelFloor are the floors of the
	// agreement in a language the lexicon reads only by concept.
	uncoveredSignFloor  = 0.6
	uncoveredModelFloor = 0.7
	// agreeCap bounds the agreement of two readers that were each unsure.
	agreeCap = 0.95
)

// agreement is the confidence of a request that the rules and the model
// read together: the noisy-OR of the rules' strongest reading (asks or
// signs) and the model's probability, when each is at least its floor,
// and 0 otherwise. Neither reader alone is enough for a holding reply
// when it is unsure; both seeing a request in the same message is what a
// person would conclude too. A complaint with no word about personal
// data does not count: service complaints read like requests to both; nor
// does a letter template with its blanks unfilled.
func agreement(s *scores, thread bool, template func() bool) float64 {
	if s.model.probs == nil || s.serviceOnly || s.against >= 0.5 {
		return 0
	}
	// The rules' side is what a person asking would write: a first-person
	// ask, a plain request, a complaint of mishandling, a sign (a verb of
	// a request next to a word for data). Vocabulary alone ("the right to
	// erasure") is as often a newsletter or a DPO reply and does not count.
	rules := max(s.plain, s.mishandled)
	if s.signKind.IsRequest() {
		// A word for data alone ("dane", "তথ্য") names no request.
		rules = max(rules, s.sign)
	}
	for _, k := range s.kinds {
		if k.ask {
			rules = max(rules, k.conf)
		}
	}
	floor := agreeRuleFloor
	if thread {
		floor = agreeThreadFloor
	}
	if rules < floor || s.model.request < agreeModelFloor || template() {
		return 0
	}
	return min(1-(1-rules)*(1-s.model.request), agreeCap)
}

// speaksForSelf reports English words in which a person speaks for
// themselves or asks: "I", "me", "my", "we", "please". Mail in English
// without any of them (a heading, a notice, a topic line) is not a person
// asking, however request-like its vocabulary.
func speaksForSelf(toks []string) bool {
	for _, t := range toks {
		switch t {
		case "i", "me", "my", "mine", "myself", "we", "us", "our", "im", "ive", "please", "pls", "plz", "plees", "u", "ur":
			return true
		}
	}
	return false
}

// serviceComplaintOnly reports whether the only request the rules see is
// a complaint made without any word about personal data.
func serviceComplaintOnly(s *scores, ev map[feature]*evidence) bool {
	if ctx := ev[fDPContext]; ctx != nil && ctx.conf >= dpContextFloor {
		return false
	}
	if s.plain > 0 || s.mishandled > 0 {
		return false
	}
	complaint := s.sign > 0 && s.signKind == KindComplaint
	for _, k := range s.kinds {
		complaint = complaint || (k.k == KindComplaint && k.conf >= TriageFloor)
		if k.k != KindComplaint && k.conf >= TriageFloor {
			return false
		}
	}
	if s.sign > 0 && s.signKind != KindComplaint && s.signKind != KindOther {
		return false
	}
	return complaint
}

// negation is how much the near misses of kind k cancel it.
func negation(ev map[feature]*evidence, k Kind) float64 {
	n := 0.0
	for nf, nk := range negates {
		if nk == k && ev[nf] != nil {
			n = 1 - (1-n)*(1-ev[nf].conf)
		}
	}
	return n
}

// mainKindFirst moves the main kind to the front of ks (sorted by
// confidence): among the kinds asked for in the first person with about the
// best confidence, the one asked for first, with the exceptions below.
func mainKindFirst(ks []kindScore, ev map[feature]*evidence) []kindScore {
	if len(ks) < 2 {
		return ks
	}
	lead := -1
	for i, s := range ks {
		if !s.ask || s.conf < ks[0].conf-mainKindMargin || s.conf < TriageFloor {
			continue
		}
		if lead < 0 || s.first < ks[lead].first {
			lead = i
		}
	}
	// A complaint made in so many words is what the letter is about,
	// even when it names the request it complains of.
	for i, s := range ks {
		if s.k == KindComplaint && s.ask && ev[fComplaint].maxAsk >= complaintLead && s.conf >= complaintLead && s.conf >= ks[0].conf-mainKindMargin {
			lead = i
		}
	}
	// Some kinds hold another: keeping data but not using it is a
	// restriction however it says "stop using"; a copy asked for before an
	// erasure serves the erasure.
	if lead < 0 {
		lead = 0
	}
	for _, p := range [][2]Kind{{KindObjection, KindRestriction}, {KindAccess, KindErasure}} {
		if ks[lead].k != p[0] {
			continue
		}
		for i, s := range ks {
			if s.k == p[1] && s.ask && ev[feature(s.k)].maxAsk >= 0.6 && s.conf >= ks[lead].conf-mainKindMargin && s.conf >= rightsFloor {
				lead = i
			}
		}
	}
	if lead > 0 {
		l := ks[lead]
		copy(ks[1:lead+1], ks[:lead])
		ks[0] = l
	}
	return ks
}
