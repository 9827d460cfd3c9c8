package classifier

import (
	"strings"
	"unicode"

	"example.org/intake/message"
)

// Options tunes Classify for one deployment.
type Options struct {
	// OwnAddresses are our own addresses: mail from them is never answered.
	OwnAddresses []string
	// DPOSenders are addresses ("dpo@controller.example") or domains
	// ("dpo.example", which also covers its subdomains) whose mail can be a
	// DPO reply.
	DPOSenders []string
	// FormSenders are the addresses or domains of the provider's own web
	// contact form: their mail is a person's message relayed, not
	// automated mail; the person's address is in Reply-To or the body.
	FormSenders []string
	// DPOAuthservID, when set, is the authserv-id of our own server's
	// Authentication-Results: mail from a DPO sender is then the DPO
	// team's only when DMARC or aligned DKIM passed (dporeply.CheckSender).
	DPOAuthservID string
	// Threshold is the confidence at or above which the bot acts alone;
	// 0 means DefaultThreshold.
	Threshold float64
}

const (
	// DefaultThreshold is the confidence at which a request is answered
	// without a person looking first.
	DefaultThreshold = 0.8
	// TriageFloor is the confidence from which a possible request goes to
	// the triage queue instead of being left as "other".
	TriageFloor = 0.3
	// askCap bounds the confidence of a kind seen only through vocabulary
	// ("right to erasure", "Article 17") without first-person wording:
	// such mail is as often a DPO reply or a newsletter as a request.
	askCap = 0.7
	// mainKindMargin is how far below the best confidence a kind asked
	// for earlier may be and still be the main kind.
	mainKindMargin = 0.25
	// askFloor is the least confidence a first-person request keeps
	// whatever else the message says.
	askFloor = 0.45
	// rightsFloor is the confidence from which a further right asked for in
	// the same message is listed.
	rightsFloor = 0.4
	// maxTokens bounds the words read from one body (about 25 KB of text);
	// requests say what they want early.
	maxTokens = 4000
	// uncoveredShare is the share of common words under which a message is
	// taken to be in a language the lexicon does not cover.
	uncoveredShare = 0.12
	// complaintLead is the weight of the complaint wording, and the
	// confidence, from which a complaint made in so many words ("I am
	// making a formal complaint") is the main kind.
	complaintLead = 0.8
	// dpContextFloor is how much talk of personal data a complaint needs
	// to be a data-protection complaint; below it the complaint's
	// confidence is at most complaintNoContextCap.
	dpContextFloor        = 0.5
	complaintNoContextCap = 0.6
	// signFloor is the strength of request signs from which mail without
	// clear request wording goes to a person; followUpSignFloor the same
	// for replies in a thread ("Re: …"), which often ask in few words.
	signFloor         = 0.4
	followUpSignFloor = 0.25
	// weakCap bounds how far words common to requests and ordinary mail
	// lower the confidence that a message is not a request.
	weakCap = 0.3
)

var lexMatcher = func() *matcher {
	var rs []rule
	for _, lex := range [][]rule{lexiconEN, lexiconCY, lexiconEU, lexiconSA, lexiconComplaint, lexiconSigns, lexiconIssue11, lexiconMore, lexiconWorld, lexiconPlain, lexiconPortable} {
		rs = append(rs, lex...)
	}
	return mustCompile(rs)
}()

// evidence accumulates the hits for one feature.
type evidence struct {
	conf     float64 // noisy-OR of the weights
	sum      float64 // plain sum, to rank kinds that both saturate
	ask      bool
	maxAsk   float64 // the weight of the strongest ask
	firstAsk int     // word position of the first ask: letters state their main request first
	reasons  []string
}

func (e *evidence) add(h hit, where string, order int) {
	e.conf = 1 - (1-e.conf)*(1-h.r.Weight)
	e.sum += h.r.Weight
	if h.r.Ask && (!e.ask || order < e.firstAsk) {
		e.ask = true
		e.firstAsk = order
	}
	if h.r.Ask {
		e.maxAsk = max(e.maxAsk, h.r.Weight)
	}
	e.addReason(where + ` "` + h.text + `"`)
}

func (e *evidence) addReason(r string) {
	for _, x := range e.reasons {
		if x == r {
			return
		}
	}
	e.reasons = append(e.reasons, r)
}

// merge adds the hits of o to e.
func (e *evidence) merge(o *evidence) {
	e.conf = 1 - (1-e.conf)*(1-o.conf)
	e.sum += o.sum
	if o.ask && (!e.ask || o.firstAsk < e.firstAsk) {
		e.ask = true
		e.firstAsk = o.firstAsk
	}
	e.maxAsk = max(e.maxAsk, o.maxAsk)
	for _, r := range o.reasons {
		e.addReason(r)
	}
}

// Classify decides what m is. It is deterministic and reads nothing but m
// and opts; nil opts means the defaults. It works in three stages, each
// tested on its own: gather reads the evidence out of the message, score
// weighs it into a confidence per kind and a confidence that the message is
// a request at all, and decide turns both into a kind, the rights and an
// action, keeping the reasons staff see.
func Classify(m *message.Message, opts *Options) Classification {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if m == nil {
		return Classification{Kind: KindOther, Rights: []Kind{}, Action: ActionTriage, Reasons: []string{"no message"}, References: map[string]string{}}
	}
	g := gather(m, &o)
	var s scores
	if !g.gated() {
		s = score(g)
	}
	return decide(g, &s, &o)
}

// complaintConf is the confidence of a complaint given the evidence that
// the message is about personal data: without it a complaint is about
// something else as often as not, and goes to a person.
func complaintConf(conf float64, ctx *evidence) float64 {
	if ctx == nil || ctx.conf < dpContextFloor {
		return min(conf, complaintNoContextCap)
	}
	return 1 - (1-conf)*(1-0.5*ctx.conf)
}

// bestSign returns the strongest sign of a request that no clear wording
// confirmed, the kind it suggests and its evidence. Near misses and the
// wording of controllers, staff and newsletters weaken signs as they
// weaken requests.
func bestSign(ev map[feature]*evidence, against float64) (float64, Kind, *evidence) {
	best, kind, var_ := 0.0, KindOther, (*evidence)(nil)
	for _, mk := range maybeKinds {
		e := ev[mk.f]
		if e == nil {
			continue
		}
		conf := e.conf * (1 - against)
		for nf, nk := range negates {
			if nk == mk.k && ev[nf] != nil {
				conf *= 1 - ev[nf].conf
			}
		}
		switch {
		case mk.f == fMaybeRequest:
			// Signs that suggest no kind only lend their strength to a
			// sign that does.
			// (fMaybeRequest comes last in maybeKinds.)
			if var_ == nil {
				best, kind, var_ = conf, mk.k, e
			} else {
				best = max(best, conf)
			}
		case conf > best:
			best, kind, var_ = conf, mk.k, e
		}
	}
	return best, kind, var_
}

// internalSender returns why m looks like mail between our own staff, or
// "": sent from one of our addresses' domains, or from the domain it was
// addressed to. Such mail discusses requests; it is never answered alone.
func internalSender(m *message.Message, own []string) string {
	_, dom, ok := strings.Cut(strings.ToLower(strings.TrimSpace(m.From.Addr)), "@")
	if !ok || dom == "" {
		return ""
	}
	for _, o := range own {
		if _, od, ok := strings.Cut(strings.ToLower(strings.TrimSpace(o)), "@"); ok && od == dom {
			return "sender is in our own domain"
		}
	}
	if len(m.To) > 0 {
		if _, td, ok := strings.Cut(strings.ToLower(strings.TrimSpace(m.To[0].Addr)), "@"); ok && td == dom && !publicMailDomain(dom) {
			return "sender and recipient share a domain (mail between colleagues)"
		}
	}
	return ""
}

// publicMailDomain reports domains shared by unrelated people, where a
// common domain says nothing about being colleagues.
func publicMailDomain(d string) bool {
	switch d {
	case "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "live.co.uk",
		"yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "btinternet.com", "sky.com",
		"virginmedia.com", "talktalk.net", "protonmail.com", "proton.me", "gmx.com", "gmx.de", "web.de", "wp.pl", "o2.pl", "onet.pl":
		return true
	}
	return false
}

func collectSignals(ev map[feature]*evidence, m *message.Message) []string {
	var out []string
	for _, f := range []feature{fOnBehalf, fChild, fIdentity, fFollowUp} {
		if e := ev[f]; e != nil && e.conf >= 0.5 {
			out = append(out, string(f))
		}
	}
	if !hasSignal(out, SignalIdentity) {
		for _, a := range m.Attachments {
			if identityFile(a.Filename) {
				out = append(out, SignalIdentity)
				break
			}
		}
	}
	return out
}

// identityFile reports attachment names that suggest identity evidence.
func identityFile(name string) bool {
	for _, t := range tokenize(name, 16) {
		switch t {
		case "passport", "licence", "license", "id", "identity", "proof", "utility", "bill", "payslip", "birth", "certificate", "driving":
			return true
		}
	}
	return false
}

func hasSignal(s []string, want string) bool {
	for _, x := range s {
		if x == want {
			return true
		}
	}
	return false
}

func hasNonLatin(toks []string) bool {
	for _, t := range toks {
		for _, r := range t {
			if r >= 0x250 && unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

func noisyOr(es ...*evidence) float64 {
	p := 1.0
	for _, e := range es {
		if e != nil {
			p *= 1 - e.conf
		}
	}
	return 1 - p
}

func prefixAll(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

func round(f float64) float64 {
	return float64(int(f*1000+0.5)) / 1000
}

// isDPOSender reports whether m comes from one of the DPO addresses or
// domains. The envelope sender is not trusted for this: From is what the
// DPO team controls.
func isDPOSender(m *message.Message, dpo []string) bool {
	return matchesSender(m.From.Addr, dpo)
}

// threadPrefix returns the reply or forward prefix of a subject: such mail
// continues an earlier conversation (or passes on someone else's mail), so
// it is linked to its case by a person, not answered as a new request.
func threadPrefix(subject string) string {
	s := strings.ToLower(strings.TrimSpace(subject))
	for _, p := range []string{"re:", "re :", "aw:", "sv:", "antw:", "odp:", "fwd:", "fw:", "wg:", "tr:", "rv:", "enc:", "ynglŷn â:", "ateb:"} {
		if strings.HasPrefix(s, p) {
			return p
		}
	}
	return ""
}

// contentLost reports parse problems that may have hidden part of what the
// sender wrote (as opposed to a missing Date or From, which do not change
// what the message asks for).
func contentLost(m *message.Message) bool {
	if m.Truncated {
		return true
	}
	for _, e := range m.ParseErrors {
		for _, k := range []string{"base64", "nesting", "internal", "no readable part", "Content-Transfer-Encoding", "charset", "boundary", "not text", "empty message", "truncated"} {
			if strings.Contains(e, k) {
				return true
			}
		}
	}
	return false
}
