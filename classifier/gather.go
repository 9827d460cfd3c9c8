package classifier

import (
	"regexp"
	"strings"

	"example.org/intake/dporeply"
	"example.org/intake/message"
)

// gathered is everything the classifier reads out of one message before
// weighing it: header facts, the words of subject and body, every lexicon
// phrase and sign found, and the signals. Nothing in it is a decision.
type gathered struct {
	m *message.Message
	// Header facts.
	fromDPO     bool
	viaForm     bool
	autoHeaders []string // header evidence of automated mail (decisive)
	autoText    []string // subject or body wording of automated mail
	internal    string   // why the sender looks like a colleague, or ""
	unreadable  bool
	thread      string // reply or forward prefix of the subject, or ""
	fwdOther    bool   // the body passes on someone else's message
	bodyText    string // the body read (new text, or all of a forward)

	subj, body text
	refs       map[string]string
	spelling   []string
	ev         map[feature]*evidence
	signals    []string
	signalWhy  []string
	cov        float64 // share of function words of a covered language
	words      int
	lang       string   // the best fitting language, "" when none
	all        []string // subject and body tokens
}

// gated reports whether a header fact decides the message before any
// wording is weighed. Mail from an authenticated DPO sender is judged
// before the automated-mail gate: ticketing systems send the DPO team's
// replies with bounce-style envelopes (bounces+NNNN@…) and machine
// headers, and a DPO reply must never be dropped. Only the marks of a
// real auto-reply (an out-of-office, a bounce) still gate it.
func (g *gathered) gated() bool {
	if len(g.autoHeaders) == 0 {
		return false
	}
	return !g.fromDPO || realAutoReply(g.autoHeaders)
}

// realAutoReply reports header evidence that a person's mailbox answered
// by itself or a message bounced, as opposed to a system sending a
// person's reply.
func realAutoReply(reasons []string) bool {
	for _, r := range reasons {
		for _, k := range []string{"auto-replied", "Auto-Submitted: auto-notified", "X-Autoreply", "X-Autorespond", "X-Autoresponder", "Precedence: auto_reply", "multipart/report", "null sender", "mailer-daemon", "postmaster"} {
			if strings.Contains(strings.ToLower(r), strings.ToLower(k)) {
				return true
			}
		}
	}
	return false
}

func (g *gathered) get(f feature) *evidence {
	e := g.ev[f]
	if e == nil {
		e = &evidence{}
		g.ev[f] = e
	}
	return e
}

// gather reads the evidence of m.
func gather(m *message.Message, o *Options) *gathered {
	g := &gathered{m: m, ev: map[feature]*evidence{}}
	g.fromDPO = isDPOSender(m, o.DPOSenders)
	if g.fromDPO && o.DPOAuthservID != "" {
		// A DPO address that failed authentication is anyone's.
		g.fromDPO = dporeply.CheckSender(m, o.DPOSenders, o.DPOAuthservID).Trusted
	}
	g.viaForm = matchesSender(m.From.Addr, o.FormSenders)
	full := m.Text
	if full == "" {
		full = m.NewText
	}
	body := m.NewText
	if strings.TrimSpace(body) == "" || isForwardSubject(m.Subject) {
		// A forward's point is the message it passes on, which the reader
		// of new text cuts off as a quote.
		body = m.Text
	}
	g.subj = newText(m.Subject, 64)
	g.body = newText(body, maxTokens)
	g.refs = extractReferences(m.Subject, full, g.fromDPO, g.subj.toks, g.body.toks)
	g.spelling = append(fixSpelling(&g.subj), fixSpelling(&g.body)...)
	own := o.OwnAddresses
	if g.viaForm {
		// Our own web form relays a person's message: its no-reply
		// sender is not a machine talking to us.
		g.autoHeaders = formGate(m, own)
	} else {
		g.autoHeaders = automatedHeaders(m, own)
	}
	if g.gated() {
		return g
	}
	seen := make([]bool, len(lexMatcher.rules))
	var hits []hit
	hits = lexMatcher.find(g.subj, seen, hits)
	nSubj := len(hits)
	clear(seen)
	hits = lexMatcher.find(g.body, seen, hits)
	fwdAt := forwardsOther(m, body)
	ownAsk := false
	for i, h := range hits {
		where, pos := "phrase", h.pos
		if i < nSubj {
			// The subject is read before the body.
			where, pos = "subject", h.pos-len(g.subj.toks)
		} else if fwdAt >= 0 && h.r.Ask && h.pos < len(g.body.toks) && g.body.spans[2*h.pos] < fwdAt {
			ownAsk = true
		}
		g.get(h.r.Feature).add(h, where, pos)
	}
	// Someone else's message passed on, with no request of the sender's
	// own above it.
	g.fwdOther = fwdAt >= 0 && !ownAsk
	addSign := func(f feature, w float64, reason string) {
		e := g.get(f)
		e.conf = 1 - (1-e.conf)*(1-w)
		e.sum += w
		e.addReason(reason)
	}
	// Someone writing for another person, or about a child, names them
	// where others say "me".
	third := noisyOr(g.ev[fOnBehalf], g.ev[fChild]) >= 0.5
	findSigns(g.subj, "subject", third, addSign)
	findSigns(g.body, "sentence", third, addSign)
	// Consent withdrawn is the ground of an erasure request when erasure
	// is asked for too ("I withdraw my consent. Destroy my records"), an
	// objection otherwise.
	if ce := g.ev[fConsent]; ce != nil {
		if e := g.ev[fErasure]; e != nil && e.ask {
			e.reasons = append(e.reasons, prefixAll("ground: ", ce.reasons)...)
		} else {
			g.get(fObjection).merge(ce)
		}
	}
	g.signals = collectSignals(g.ev, m)
	for _, s := range g.signals {
		if e := g.ev[feature(s)]; e != nil {
			g.signalWhy = append(g.signalWhy, prefixAll("signal "+s+": ", e.reasons)...)
		} else if s == SignalIdentity {
			g.signalWhy = append(g.signalWhy, "signal "+s+": attachment name")
		}
	}
	if hasSignal(g.signals, SignalFollowUp) {
		if d := firstAsked(body); d != "" {
			g.refs["first_asked"] = d
			g.signals = append(g.signals, SignalFirstAsked)
			g.signalWhy = append(g.signalWhy, "signal "+SignalFirstAsked+": "+d)
		}
	}
	g.bodyText = body
	g.autoText = automatedText(m)
	g.thread = threadPrefix(m.Subject)
	g.unreadable = contentLost(m)
	g.internal = internalSender(m, own)
	g.all = append(g.subj.toks[:len(g.subj.toks):len(g.subj.toks)], g.body.toks...)
	g.cov, g.words, g.lang = coverageLang(g.all)
	if g.cov < uncoveredShare && !otherLanguage(g.lang) {
		// The script names the language unless its frequent words did
		// (Ukrainian and Russian share a script).
		if sl := scriptLanguage(g.all); sl != "" {
			g.lang = sl
		}
	}
	return g
}

// firstAsked returns the date a chaser says the first request was made
// ("I asked on 3 March", "my request of 12/02/2026"), as written, or "".
func firstAsked(body string) string {
	for _, re := range firstAskedRes {
		if sm := re.FindStringSubmatch(body); sm != nil {
			return strings.Join(strings.Fields(sm[1]), " ")
		}
	}
	return ""
}

const (
	reMonth = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
	reDate  = `(\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + reMonth + `(?:\s+\d{4})?|` + reMonth + `\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|` + reMonth + `(?:\s+\d{4})?)`
)

var firstAskedRes = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(?:asked|wrote|sent|emailed|e-mailed|requested|made|submitted|contacted|applied|request(?:ed)?|letter|email)\b[^.!?\n]{0,60}?\b(?:on|in|since|of|dated|back in|at the (?:start|end|beginning) of)\s+(?:the\s+)?` + reDate + `\b`),
	regexp.MustCompile(`(?i)\b(?:on|in|since)\s+` + reDate + `[,]?\s+(?:i|we)\s+(?:asked|wrote|sent|emailed|requested|made|submitted|contacted)\b`),
}

// matchesSender reports whether addr is one of list (addresses, or domains
// which also cover their subdomains).
func matchesSender(addr string, list []string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	_, domain, ok := strings.Cut(addr, "@")
	if !ok {
		return false
	}
	for _, d := range list {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		if strings.Contains(d, "@") {
			if addr == d {
				return true
			}
			continue
		}
		d = strings.TrimPrefix(d, "@")
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	return false
}

// forwardMarker starts a forwarded message inside a body.
var (
	forwardMarker = regexp.MustCompile(`(?mi)^\s*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transf[ée]r[ée]|mensaje reenviado|mensagem encaminhada|wiadomo[sś][cć] przekazana|neges wedi'?i hanfon ymlaen)\s*-*|begin forwarded message:|_{16,}\s*$)`)
	forwardFrom   = regexp.MustCompile(`(?mi)^\s*(?:from|von|de|od|oddi wrth)\s*:\s*(.+)$`)
	emailAddr     = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
)

// forwardsOther reports a body that passes on a message written by
// someone other than its sender (a forwarded-message marker whose From is
// another person): the request in it is that person's, and a person
// decides who is asking. The sender forwarding their own earlier mail is a
// chaser, not this.
// It returns the byte offset of the forwarded part in body, or -1.
func forwardsOther(m *message.Message, body string) int {
	loc := forwardMarker.FindStringIndex(body)
	if loc == nil {
		return -1
	}
	sm := forwardFrom.FindStringSubmatch(body[loc[1]:])
	if sm == nil {
		return -1
	}
	if a := emailAddr.FindString(sm[1]); a != "" {
		if strings.EqualFold(a, m.From.Addr) {
			return -1
		}
		return loc[0]
	}
	name := strings.TrimSpace(sm[1])
	if m.From.Name != "" && strings.EqualFold(name, strings.TrimSpace(m.From.Name)) {
		return -1
	}
	return loc[0]
}

// isForwardSubject reports a subject that starts with a forward prefix.
func isForwardSubject(subj string) bool {
	s := strings.ToLower(strings.TrimSpace(subj))
	for _, p := range []string{"fw:", "fwd:", "wg:", "tr:", "rv:", "enc:"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// templateBlank is a blank of a letter template: "[Your full address]",
// "(Principal's Name)", "{date}", "<insert name>".
var templateBlank = regexp.MustCompile(`(?i)[\[(<{]\s*(?:your|insert|enter|the|name|full|date|address|organisation|organization|company|principal|recipient)\b[^\])>}\n]{0,40}?(?:name|address|date|number|organisation|organization|company|here)?\s*[\])>}]`)

// isTemplate reports whether the body read is a letter template; it is
// asked only when it could change the decision.
func (g *gathered) isTemplate() bool { return isTemplate(g.bodyText) }

// isTemplate reports a body with at least two blanks of a letter template
// left unfilled: a form letter passed on or pasted before it was filled
// in, which is not yet anyone's request.
func isTemplate(body string) bool {
	if !strings.ContainsAny(body, "[({<") {
		return false
	}
	return len(templateBlank.FindAllStringIndex(body, 2)) >= 2
}
