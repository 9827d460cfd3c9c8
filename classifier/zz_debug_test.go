package classifier

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sort"
	"testing"

	"encoding/csv"
	"bytes"
	"example.org/intake/message"
)

func TestZZDump(t *testing.T) {
	dirs := os.Getenv("ZZDIRS")
	if dirs == "" {
		t.Skip()
	}
	if mf := os.Getenv("ZZMODEL"); mf != "" {
		b, err := os.ReadFile(mf)
		if err != nil {
			t.Fatal(err)
		}
		model, err = decodeModel(b)
		if err != nil {
			t.Fatal(err)
		}
	}
	o := &Options{DPOSenders: []string{"dpo.example"}, OwnAddresses: []string{"intake@provider.example"}, FormSenders: []string{"website-form@provider.example"}, Threshold: DefaultThreshold}
	for _, dir := range strings.Split(dirs, ",") {
		f, err := os.Open(filepath.Join(dir, "INDEX.csv"))
		if err != nil {
			t.Fatal(err)
		}
		cr := csv.NewReader(f)
		cr.FieldsPerRecord = -1
		recs, _ := cr.ReadAll()
		ri := -1
		for i, h := range recs[0] {
			if h == "rights" {
				ri = i
			}
		}
		var nreq, nrep, nrights, nnon, nfalse, nmiss, nkw int
		for _, rec := range recs[1:] {
			if len(rec) < 2 || strings.HasPrefix(rec[0], "#") {
				continue
			}
			it := struct{ Path string; Label Kind }{rec[0], Kind(rec[1])}
			raw, _ := os.ReadFile(filepath.Join(dir, it.Path))
			if bytes.HasPrefix(raw, []byte("Source: ")) {
				if i := bytes.Index(raw, []byte("\n\n")); i >= 0 { raw = raw[i+2:] }
			}
			m := message.Parse(raw, nil)
			g := gather(m, o)
			var s scores
			if !g.gated() {
				s = score(g)
			}
			c := decide(g, &s, o)
			isReq := it.Label.IsRequest() || it.Label == "consent_withdrawal" || it.Label == "request"
			tag := "N"
			if isReq {
				tag = "R"
				nreq++
				if c.Action == ActionReply {
					nrep++
					if it.Label.IsRequest() && c.Kind != it.Label {
						nkw++
						tag += "k"
					}
				}
				if c.Action == ActionNone {
					nmiss++
				}
				want := []Kind{}
				for _, r := range strings.FieldsFunc(func() string { if ri < 0 { return "" }; return rec[ri] }(), func(r rune) bool { return r == ';' || r == ',' || r == '|' || r == ' ' }) {
					if Kind(r).IsRequest() {
						want = append(want, Kind(r))
					}
				}
				if len(want) == 0 && it.Label.IsRequest() {
					want = []Kind{it.Label}
				}
				ok := c.Action != ActionNone
				for _, k := range want {
					found := false
					for _, g := range c.Rights {
						found = found || g == k
					}
					ok = ok && found
				}
				if ok {
					nrights++
				} else {
					tag = "R!"
				}
			} else {
				nnon++
				if c.Action == ActionReply {
					nfalse++
					tag = "N!"
				}
			}
			fmt.Printf("%s %-4s %-28.28s lab=%-13s got=%-13s act=%-6s kc=%.2f rq=%.2f best=%.2f plain=%.2f mis=%.2f sign=%.2f(%s) mod=%.2f(%s) ag=%.2f cov=%.2f lang=%s auto=%d thr=%q int=%q fwd=%v form=%v sig=%v ev=%s\n",
				tag, filepath.Base(dir), it.Path, it.Label, c.Kind, c.Action, c.Confidence, c.Request, s.best, s.plain, s.mishandled, s.sign, s.signKind, s.model.request, s.model.bestKind(), s.against, g.cov, g.lang, len(g.autoText), g.thread, g.internal, g.fwdOther, g.viaForm, c.Signals, func() string { var b []string; for f, e := range g.ev { b = append(b, fmt.Sprintf("%s:%.2f", f, e.conf)) }; sort.Strings(b); return strings.Join(b, ",") }())
		}
		fmt.Printf("SUMMARY %-8s req=%d replied=%d (%.1f%%) missed=%d rights=%.1f%% false=%d/%d kindwrong=%d\n", filepath.Base(dir), nreq, nrep, 100*float64(nrep)/float64(nreq), nmiss, 100*float64(nrights)/float64(nreq), nfalse, nnon, nkw)
	}
}
