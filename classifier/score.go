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
			conf = complaintConf(conf, ev[fDPContext])
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
	if fu := ev[fFollowUp]; fu != nil && fu.conf >= chaserFloor && s.sign >= followUpSignFloor {
		// "I asked for my records in March and have heard nothing": a
		// chaser about a request of ours is a request however it is put.
		s.request = noisyOr(&evidence{conf: s.request}, &evidence{conf: 0.6 * ev[fFollowUp].conf}, &evidence{conf: s.sign})
	}
	return s
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
