package classifier

import (
	"testing"

	"example.org/intake/message"
)

func msg(from, subject, body string, extra ...string) *message.Message {
	raw := "From: " + from + "\r\nTo: intake@provider.example\r\nSubject: " + subject + "\r\n"
	for _, h := range extra {
		raw += h + "\r\n"
	}
	return message.Parse([]byte(raw+"\r\n"+body), nil)
}

// TestGather checks the first stage alone: what it reads, not what it
// decides.
func TestGather(t *testing.T) {
	o := &Options{DPOSenders: []string{"dpo.example"}, FormSenders: []string{"form@provider.example"}}
	for _, tc := range []struct {
		name  string
		m     *message.Message
		check func(t *testing.T, g *gathered)
	}{
		{"chaser date", msg("a@example.org", "no reply", "I emailed you on 3 March asking for my file and have heard nothing."), func(t *testing.T, g *gathered) {
			if g.refs["first_asked"] != "3 March" || !hasSignal(g.signals, SignalFirstAsked) || !hasSignal(g.signals, SignalFollowUp) {
				t.Errorf("refs %v signals %v", g.refs, g.signals)
			}
		}},
		{"numeric chaser date", msg("a@example.org", "", "My request dated 12/02/2026 is still not answered."), func(t *testing.T, g *gathered) {
			if g.refs["first_asked"] != "12/02/2026" {
				t.Errorf("refs %v", g.refs)
			}
		}},
		{"form sender is not gated", msg("Website <form@provider.example>", "Contact form", "Message: delete my data", "Auto-Submitted: auto-generated"), func(t *testing.T, g *gathered) {
			if !g.viaForm || g.gated() {
				t.Errorf("viaForm %v gated %v %v", g.viaForm, g.gated(), g.autoHeaders)
			}
		}},
		{"ticketing DPO envelope is not gated", msg("dpo@dpo.example", "RE: case", "Our ref DPO-1", "Return-Path: <bounces+77@dpo.example>"), func(t *testing.T, g *gathered) {
			if !g.fromDPO || len(g.autoHeaders) == 0 || g.gated() {
				t.Errorf("fromDPO %v gated %v %v", g.fromDPO, g.gated(), g.autoHeaders)
			}
		}},
		{"DPO out-of-office is gated", msg("dpo@dpo.example", "Automatic reply", "away", "Auto-Submitted: auto-replied"), func(t *testing.T, g *gathered) {
			if !g.gated() {
				t.Errorf("not gated: %v", g.autoHeaders)
			}
		}},
		{"someone else's forward", msg("Sam <sam@example.org>", "Fwd: request", "FYI\n\n---------- Forwarded message ---------\nFrom: Kim <kim@example.net>\n\nPlease delete my data."), func(t *testing.T, g *gathered) {
			if !g.fwdOther {
				t.Error("forward of someone else's mail not seen")
			}
		}},
		{"plain words are a plain request", msg("a@example.org", "", "Can I see what you have written in my notes?"), func(t *testing.T, g *gathered) {
			if g.ev[plainFeature[KindAccess]] == nil {
				t.Errorf("no plain access request: %v", g.ev)
			}
		}},
		{"a question about the course is not", msg("a@example.org", "", "Can you send me the details of the course?"), func(t *testing.T, g *gathered) {
			for _, k := range requestKinds {
				if g.ev[plainFeature[k]] != nil {
					t.Errorf("plain %s request in a course question", k)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, gather(tc.m, o)) })
	}
}

// TestScore checks the second stage alone: that being a request and being
// of a kind are weighed apart.
func TestScore(t *testing.T) {
	o := &Options{}
	s := score(gather(msg("a@example.org", "", "Could you tell me what notes were made at my assessment and send them to me?"), o))
	if s.request < DefaultThreshold || s.plain*plainKindShare >= DefaultThreshold || s.plainKind != KindAccess {
		t.Errorf("plain request: request %.2f plain %.2f %s", s.request, s.plain, s.plainKind)
	}
	s = score(gather(msg("a@example.org", "", "You sent a letter with my new address to my ex-partner's house. He was not supposed to know where we live."), o))
	if s.mishandled < DefaultThreshold || s.request < DefaultThreshold {
		t.Errorf("mishandled %.2f request %.2f", s.mishandled, s.request)
	}
	s = score(gather(msg("a@example.org", "", "Sorry, I sent my last message to the wrong address, please ignore it."), o))
	if s.request >= DefaultThreshold || s.mishandled >= TriageFloor {
		t.Errorf("own mistake: request %.2f mishandled %.2f", s.request, s.mishandled)
	}
	s = score(gather(msg("a@example.org", "", "We have received your request and will respond within one month. Your personal data has been deleted."), o))
	if s.against < 0.5 || s.request >= DefaultThreshold {
		t.Errorf("controller wording: against %.2f request %.2f", s.against, s.request)
	}
}

// TestDecide checks the third stage alone, from scores made by hand.
func TestDecide(t *testing.T) {
	o := &Options{Threshold: DefaultThreshold}
	g := gather(msg("a@example.org", "", "hello"), o)
	g.cov = 1
	for _, tc := range []struct {
		name      string
		s         scores
		action    Action
		kind      Kind
		uncertain bool
	}{
		{"sure of both", scores{kinds: []kindScore{{k: KindErasure, conf: 0.9, ask: true}}, best: 0.9, request: 0.9}, ActionReply, KindErasure, false},
		{"sure of request only", scores{plain: 0.85, plainKind: KindAccess, request: 0.85}, ActionReply, KindAccess, true},
		{"mishandled data", scores{mishandled: 0.85, request: 0.85}, ActionReply, KindComplaint, false},
		{"mishandled, less sure", scores{mishandled: 0.6, plain: 0.8, plainKind: KindAccess, request: 0.9}, ActionReply, KindAccess, true},
		{"unsure of request", scores{kinds: []kindScore{{k: KindErasure, conf: 0.5, ask: true}}, best: 0.5, request: 0.5}, ActionTriage, KindErasure, false},
		{"nothing", scores{}, ActionNone, KindOther, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := decide(g, &tc.s, o)
			if c.Action != tc.action || c.Kind != tc.kind || hasSignal(c.Signals, SignalKindUncertain) != tc.uncertain {
				t.Errorf("got %s/%s %v; reasons %q", c.Kind, c.Action, c.Signals, c.Reasons)
			}
		})
	}
}
