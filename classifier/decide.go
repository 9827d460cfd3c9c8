package classifier

import (
	"fmt"
	"strings"
)

// plainKindShare is how much of a plain-words request's strength its kind
// keeps: the verb alone names the kind ("see" for access, "get rid of" for
// erasure), which is less sure than the request itself.
const plainKindShare = 0.9

// decide turns the evidence and its scores into the classification: the
// header gates first, then whether this is a request, then which rights.
func decide(g *gathered, s *scores, o *Options) Classification {
	m := g.m
	c := Classification{Kind: KindOther, Rights: []Kind{}, Reasons: []string{}, References: g.refs}
	if g.lang != "en" && g.words >= 3 {
		c.Language = g.lang
	}
	if g.gated() {
		c.Kind, c.Action, c.Confidence = KindAutoReply, ActionNone, 1
		c.Reasons = append(c.Reasons, g.autoHeaders...)
		return c
	}
	ev := g.ev
	// req is how sure we are that a person is asking us for something:
	// the rules' reading, or the rules and the model reading it together.
	req := max(s.request, s.agree)
	kind, kindConf, rights := candidates(g, s, req)
	for _, k := range rights {
		c.Reasons = append(c.Reasons, prefixAll(string(k)+": ", kindReasons(ev, k))...)
	}
	c.Signals = append([]string(nil), g.signals...)
	if len(rights) > 0 {
		for _, f := range []feature{fNotErasure, fNotAccess, fNotObjection, fNotRectification, fNotRequest, fController, fStaff} {
			if e := ev[f]; e != nil {
				c.Reasons = append(c.Reasons, prefixAll("against ("+string(f)+"): ", e.reasons)...)
			}
		}
	}
	c.Reasons = append(c.Reasons, g.signalWhy...)
	if g.thread != "" {
		c.Signals = append(c.Signals, SignalThreadReply)
		c.Reasons = append(c.Reasons, "signal "+SignalThreadReply+`: subject starts "`+g.thread+`"`)
	}
	if g.viaForm {
		c.Signals = append(c.Signals, SignalViaForm)
		c.Reasons = append(c.Reasons, "sent through our web form")
	}
	switch {
	case len(g.autoText) > 0 && (s.request < o.Threshold || strongSubject(strings.ToLower(strings.TrimSpace(m.Subject))) || subjectAndBody(g.autoText)):
		c.Kind, c.Action, c.Confidence = KindAutoReply, ActionNone, 0.9
		c.Reasons = append(append([]string(nil), g.autoText...), c.Reasons...)
		return c
	case g.fromDPO && (s.request < o.Threshold || g.thread != "" || c.References["case"] != "" || c.References["dpo"] != "" || len(g.autoHeaders) > 0):
		c.Kind, c.Action, c.Confidence = KindDPOReply, ActionNone, 0.9
		c.Reasons = append([]string{"sender is a DPO address"}, c.Reasons...)
		return c
	}

	if req >= TriageFloor && kind != KindOther {
		c.Reasons = append(c.Reasons, g.spelling...)
		c.Kind, c.Rights = kind, rights
		c.Confidence = round(kindConf)
		c.Request = round(req)
		c.Action = ActionTriage
		if s.agree > s.request {
			c.Reasons = append(c.Reasons, fmt.Sprintf("the rules' signs and the trained model (%.2f) agree that this is a request", s.model.request))
		}
		switch {
		case req < o.Threshold:
			if e := ev[feature(kind)]; e == nil || !e.ask {
				c.Reasons = append(c.Reasons, "no clear first-person request wording: a person decides")
			}
		case len(g.autoText) > 0:
			c.Reasons = append(c.Reasons, "reads like an automatic message too: a person decides")
		case g.unreadable:
			c.Reasons = append(c.Reasons, "message could not be read completely")
		case g.internal != "" && !g.viaForm:
			c.Reasons = append(c.Reasons, g.internal+": a person decides")
		case c.References["case"] != "" && g.thread != "" && !hasSignal(g.signals, SignalFollowUp):
			c.Reasons = append(c.Reasons, "quotes our case reference: correspondence on a case, which a person links")
		case (g.thread != "" || hasReason(ev[fFollowUp], "Subject: Re")) && ev[fVerify] != nil && ev[fVerify].conf >= 0.5:
			c.Reasons = append(c.Reasons, "reply in a thread about verifying identity: correspondence on an earlier request, which a person links")
		case g.fwdOther && !hasSignal(g.signals, SignalOnBehalf):
			c.Reasons = append(c.Reasons, "passes on someone else's message: a person decides whose request it is")
		case g.fromDPO:
			// The DPO team writing without a thread or a reference we know
			// (a notice, a question, a forwarded request) is never sent a
			// holding reply: a person reads it.
			c.Reasons = append(c.Reasons, "from the DPO team, with no thread or reference intake knows: a person decides")
		default:
			// A person asking: acknowledged at once. Someone passing on
			// the message of a person they act for is acknowledged too,
			// and asked for evidence of authority (the on_behalf signal).
			c.Action = ActionReply
			if g.cov < uncoveredShare {
				// Only the signs and the model read it: the kind is a guess.
				c.Signals = append(c.Signals, SignalLanguage)
				c.Reasons = append(c.Reasons, "language not covered by the lexicon"+languageName(c.Language)+": acknowledged; a person reads it")
			}
			if kindConf < o.Threshold {
				c.Signals = append(c.Signals, SignalKindUncertain)
				c.Reasons = append(c.Reasons, "a request, but its kind is not sure: acknowledged without naming it; rights to be confirmed by a person")
			}
		}
		return c
	}

	// No clear request. Signs of one (a request verb near a word for
	// data, a complaint word) send the message to a person; without them
	// the message is left alone, with a confidence that says how few
	// request words it has.
	followUp := hasSignal(g.signals, SignalFollowUp) || g.thread != ""
	c.Rights = []Kind{}
	c.Request = round(s.request)
	c.Confidence = round(1 - max(s.request, s.sign, min(noisyOr(ev[fWeak]), weakCap)))
	c.Action = ActionNone
	if mk := s.model.bestKind(); s.sign < signFloor && s.model.request >= modelRequestFloor && mk.IsRequest() && s.against < 0.5 {
		// Words the rules do not know, in a message the trained model
		// reads as a request: a person looks.
		c.Kind, c.Rights = mk, []Kind{mk}
		c.Confidence = round(s.model.prob(mk))
		c.Request = round(s.model.request)
		c.Action = ActionTriage
		c.Reasons = append(c.Reasons, fmt.Sprintf("the trained model reads a request (%.2f), most likely %s; no rule confirms it: a person reads it", s.model.request, mk))
		return c
	}
	if s.sign >= signFloor || (followUp && s.sign >= followUpSignFloor) {
		c.Kind = s.signKind
		if s.signKind.IsRequest() {
			c.Rights = []Kind{s.signKind}
		}
		c.Confidence = round(s.sign)
		c.Request = round(max(s.request, s.sign))
		c.Action = ActionTriage
		c.Reasons = append(c.Reasons, prefixAll("possible "+string(s.signKind)+" (no clear request wording): ", s.signEv.reasons)...)
		c.Reasons = append(c.Reasons, g.spelling...)
		if followUp {
			c.Reasons = append(c.Reasons, "reply in a thread that asks for something: a person reads it")
		}
		if g.cov < uncoveredShare && (g.words >= 3 || hasNonLatin(g.all)) {
			c.Signals = append(c.Signals, SignalLanguage)
			c.Reasons = append(c.Reasons, "language not covered by the lexicon"+languageName(c.Language)+": a person reads it")
		}
		return c
	}
	if c.Confidence < 1 {
		// Say which words made the classifier less than sure.
		var why []string
		if s.signEv != nil {
			why = append(why, s.signEv.reasons...)
		}
		if e := ev[fWeak]; e != nil {
			why = append(why, e.reasons...)
		}
		if len(why) > 3 {
			why = why[:3]
		}
		c.Reasons = append(c.Reasons, prefixAll("request words, no request: ", why)...)
		for _, f := range []feature{fNotErasure, fNotAccess, fNotObjection, fNotRectification, fNotComplaint, fNotRequest, fController, fStaff} {
			if e := ev[f]; e != nil {
				c.Reasons = append(c.Reasons, prefixAll("explained by ("+string(f)+"): ", e.reasons)...)
			}
		}
	}
	switch {
	case g.unreadable:
		c.Action = ActionTriage
		c.Reasons = append(c.Reasons, "message could not be read completely")
	case g.words == 0 && len(m.Attachments) > 0:
		c.Action = ActionTriage
		c.Reasons = append(c.Reasons, "no readable text, only attachments")
	case g.cov < uncoveredShare && (g.words >= 3 || hasNonLatin(g.all)):
		c.Action = ActionTriage
		c.Signals = append(c.Signals, SignalLanguage)
		c.Reasons = append(c.Reasons, "language not covered by the lexicon"+languageName(c.Language))
	case followUp && (s.best > 0 || s.sign > 0):
		c.Action = ActionTriage
		c.Reasons = append(c.Reasons, "follow-up to an earlier request: a person links it to its case")
	}
	return c
}

// candidates returns the main kind a request is about, how sure that
// kind is, and every right it may ask for (main first): the kinds asked
// for in so many words, the kind of a request in plain words, a complaint
// for personal data mishandled.
func candidates(g *gathered, s *scores, req float64) (Kind, float64, []Kind) {
	kind, conf := KindOther, 0.0
	if len(s.kinds) > 0 && s.kinds[0].conf >= TriageFloor {
		kind, conf = s.kinds[0].k, s.kinds[0].conf
	}
	if p := s.plain * plainKindShare; p > conf+0.05 && s.plain >= TriageFloor {
		kind, conf = s.plainKind, p
	}
	if s.mishandled > conf+0.1 && s.mishandled >= TriageFloor {
		kind, conf = KindComplaint, s.mishandled
	}
	if kind == KindOther && req >= TriageFloor && s.signKind.IsRequest() {
		// A chaser, or a request the model confirms, whose only request
		// words are signs.
		kind, conf = s.signKind, s.sign
	}
	if mk := s.model.bestKind(); kind == KindOther && s.agree >= TriageFloor && mk.IsRequest() {
		// Signs that name no kind (a word for data in a language the
		// lexicon hardly reads) and a model that reads a request: the
		// model's likeliest kind is the candidate, never sure.
		kind, conf = mk, min(s.model.prob(mk), s.sign)
	}
	if kind == KindOther {
		return kind, 0, nil
	}
	rights := []Kind{kind}
	addRight := func(k Kind) {
		for _, r := range rights {
			if r == k {
				return
			}
		}
		rights = append(rights, k)
	}
	for _, x := range s.kinds {
		if x.conf >= rightsFloor {
			addRight(x.k)
		}
	}
	for _, k := range requestKinds {
		if e := g.ev[plainFeature[k]]; e != nil && e.conf*(1-negation(g.ev, k))*(1-s.against) >= rightsFloor {
			addRight(k)
		}
	}
	if s.mishandled >= rightsFloor {
		addRight(KindComplaint)
	}
	// Unsure of the kind, the rules' candidate the trained model finds
	// likeliest is named first (staff confirm it).
	if g.cov < uncoveredShare {
		// In a language the lexicon hardly reads the kind is a guess.
		conf = min(conf, DefaultThreshold-0.01)
	}
	if conf < DefaultThreshold && len(rights) > 1 && s.model.probs != nil {
		best := 0
		for i, k := range rights {
			if s.model.prob(k) > s.model.prob(rights[best]) && ruleConf(s, k) >= ruleConf(s, rights[0])-mainKindMargin {
				best = i
			}
		}
		if !(rights[0] == KindAccess && rights[best] == KindPortability) {
			// A copy asked for in a reusable format is access first:
			// the model is not let to turn it into portability.
			rights[0], rights[best] = rights[best], rights[0]
			kind = rights[0]
		}
	}
	return kind, conf, rights
}

// ruleConf is the rules' confidence in kind k (0 when they did not see it
// asked for in so many words).
func ruleConf(s *scores, k Kind) float64 {
	for _, x := range s.kinds {
		if x.k == k {
			return x.conf
		}
	}
	return 0
}

// kindReasons are the reasons for kind k: its phrases, then its requests
// in plain words, then mishandling for a complaint.
func kindReasons(ev map[feature]*evidence, k Kind) []string {
	var out []string
	if e := ev[feature(k)]; e != nil {
		out = append(out, e.reasons...)
	}
	if e := ev[plainFeature[k]]; e != nil {
		out = append(out, e.reasons...)
	}
	if e := ev[fMishandled]; e != nil && k == KindComplaint {
		out = append(out, prefixAll("personal data mishandled: ", e.reasons)...)
	}
	return out
}

func hasReason(e *evidence, sub string) bool {
	if e == nil {
		return false
	}
	for _, r := range e.reasons {
		if strings.Contains(r, sub) {
			return true
		}
	}
	return false
}

// languageName is " (Somali)" for "so", "" when the language is not known.
func languageName(code string) string {
	if n := LanguageNames[code]; n != "" {
		return " (" + n + ")"
	}
	return ""
}

// bestKind is the request kind the model finds likeliest, or KindOther.
func (v modelVerdict) bestKind() Kind {
	best, p := KindOther, 0.0
	for i, k := range modelClasses[:len(modelClasses)-1] {
		if i < len(v.probs) && v.probs[i] > p {
			best, p = k, v.probs[i]
		}
	}
	return best
}

// subjectAndBody reports whether automated mail was recognised by both a
// subject marker and the wording of its body. An out-of-office echoes the
// subject it answers ("Away: Re: Subject access request"), so the request
// words of that echo must not outweigh two independent signs of a robot.
func subjectAndBody(reasons []string) bool {
	var subj, body bool
	for _, r := range reasons {
		subj = subj || strings.HasPrefix(r, "subject starts ")
		body = body || strings.HasPrefix(r, "phrase ")
	}
	return subj && body
}
