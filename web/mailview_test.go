package web

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSanitizeEmailHTML(t *testing.T) {
	for _, tc := range []struct {
		name, in   string
		keep       []string
		mustNotHas []string
	}{
		{"script", `<p>hi</p><script>alert(1)</script>`, []string{"<p>hi</p>"}, []string{"script", "alert"}},
		{"event handler", `<p onclick="alert(1)">x</p><body onload="x()">`, []string{"<p>x</p>"}, []string{"onclick", "onload"}},
		{"javascript link", `<a href="javascript:alert(1)">click</a>`, []string{"click"}, []string{"javascript:", "href"}},
		{"data link", `<a href="data:text/html,<script>alert(1)</script>">x</a>`, nil, []string{"data:", "script"}},
		{"remote image", `<img src="https://tracker.example/p.gif">`, nil, []string{"img", "tracker"}},
		{"inline image", `<img src="data:image/png;base64,AAAA">`, nil, []string{"img"}},
		{"css url", `<div style="background:url(https://tracker.example/x)">t</div>`, []string{"t"}, []string{"style", "tracker"}},
		{"style element", `<style>@import url(https://tracker.example/x.css)</style><p>t</p>`, []string{"<p>t</p>"}, []string{"import", "tracker"}},
		{"link element", `<link rel="stylesheet" href="https://tracker.example/x.css"><p>t</p>`, nil, []string{"<link", "tracker"}},
		{"iframe object embed", `<iframe src="https://x.example"></iframe><object data="x"></object><embed src="y">`, nil, []string{"iframe", "object", "embed"}},
		{"form", `<form action="https://x.example"><input name="a"><button>go</button></form>`, nil, []string{"form", "input", "action"}},
		{"svg", `<svg onload="alert(1)"><image href="https://tracker.example/x"/></svg>`, nil, []string{"svg", "onload", "tracker"}},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=https://x.example">`, nil, []string{"meta", "refresh"}},
		{"base", `<base href="https://x.example/">`, nil, []string{"base"}},
		{"plain link kept", `<a href="https://example.org/page">page</a>`, []string{`href="https://example.org/page"`, `rel="nofollow noreferrer noopener"`, `target="_blank"`}, nil},
		{"mailto kept", `<a href="mailto:dpo@example.org">mail</a>`, []string{`href="mailto:dpo@example.org"`}, nil},
		{"table kept", `<table><tr><td>a</td></tr></table>`, []string{"<td>a</td>"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(SanitizeEmailHTML(tc.in))
			for _, k := range tc.keep {
				if !strings.Contains(got, k) {
					t.Errorf("lost %q: %s", k, got)
				}
			}
			for _, b := range tc.mustNotHas {
				if strings.Contains(strings.ToLower(got), b) {
					t.Errorf("kept %q: %s", b, got)
				}
			}
		})
	}
}

// FuzzSanitizeEmailHTML: whatever the input, nothing that runs or loads
// survives.
func FuzzSanitizeEmailHTML(f *testing.F) {
	for _, s := range []string{`<img src=x onerror=alert(1)>`, `<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`<svg><script>alert(1)</script></svg>`, `<<script>script>alert(1)<</script>/script>`, `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<div style="x:expression(alert(1))">`, `<a href="  javascript:alert(1)">`, `<iframe srcdoc="<script>alert(1)</script>">`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(SanitizeEmailHTML(in))
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "img", "iframe", "object", "embed", "style", "link", "svg", "math", "form", "base", "meta", "video", "audio", "source", "input":
				t.Fatalf("element %s survived in %q (from %q)", tok.Data, out, in)
			}
			for _, a := range tok.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "src" || k == "style" || k == "srcdoc" || k == "action" || k == "formaction" || k == "background" {
					t.Fatalf("attribute %s survived in %q (from %q)", k, out, in)
				}
				if k == "href" {
					v := strings.ToLower(strings.TrimSpace(a.Val))
					if !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "mailto:") {
						t.Fatalf("link %q survived in %q (from %q)", a.Val, out, in)
					}
				}
			}
		}
	})
}
