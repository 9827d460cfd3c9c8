package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCmdClassifyJSON(t *testing.T) {
	dir := t.TempDir()
	req := writeFile(t, dir, "req.eml", "From: Sam <sam@example.org>\r\nTo: intake@provider.example\r\nSubject: my data\r\n\r\nPlease delete all my personal data. URN: 123456\r\n")
	ooo := writeFile(t, dir, "ooo.eml", "From: Ann <ann@example.org>\r\nAuto-Submitted: auto-replied\r\nSubject: Automatic reply: my data\r\n\r\nI am out of the office.\r\n")
	plain := writeFile(t, dir, "letter.txt", "Dear Sir or Madam,\n\nThis is a subject access request. Please send me a copy of all the information you hold about me.\n")
	missing := filepath.Join(dir, "missing.eml")

	var out, errOut bytes.Buffer
	err := cmdClassify(context.Background(), []string{"--json", req, missing, ooo, plain}, &out, &errOut)
	if err == nil {
		t.Fatal("want an error for the unreadable file")
	}
	var lines []map[string]any
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var v map[string]any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, v)
	}
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4:\n%s", len(lines), out.String())
	}
	for _, i := range []int{0, 2, 3} {
		for _, k := range []string{"file", "kind", "rights", "confidence", "action", "reasons", "references"} {
			if _, ok := lines[i][k]; !ok {
				t.Errorf("line %d lacks %q: %v", i, k, lines[i])
			}
		}
	}
	if lines[0]["kind"] != "erasure" || lines[0]["action"] != "reply" {
		t.Errorf("request line %v", lines[0])
	}
	if refs, _ := lines[0]["references"].(map[string]any); refs["urn"] != "123456" {
		t.Errorf("references %v", lines[0]["references"])
	}
	if lines[1]["file"] != missing || lines[1]["error"] == nil || lines[1]["kind"] != nil {
		t.Errorf("error line %v", lines[1])
	}
	if lines[2]["kind"] != "auto_reply" || lines[2]["action"] != "none" {
		t.Errorf("auto-reply line %v", lines[2])
	}
	if lines[3]["kind"] != "access" {
		t.Errorf("headerless letter line %v", lines[3])
	}
}

func TestCmdClassifyText(t *testing.T) {
	dir := t.TempDir()
	req := writeFile(t, dir, "req.eml", "From: sam@example.org\r\nSubject: x\r\n\r\nI object to you using my data for marketing.\r\n")
	var out bytes.Buffer
	if err := cmdClassify(context.Background(), []string{req}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	line := out.String()
	if !strings.HasPrefix(line, req+"\tobjection\treply\t") || strings.Count(line, "\n") != 1 || !strings.Contains(line, `phrase "`) {
		t.Errorf("text line %q", line)
	}
}

func TestCmdClassifyOptions(t *testing.T) {
	dir := t.TempDir()
	dpo := writeFile(t, dir, "dpo.eml", "From: team@dpo.example\r\nSubject: Re: INT-2026-0042\r\n\r\nWe have logged the erasure request.\r\n")
	req := writeFile(t, dir, "req.eml", "From: sam@example.org\r\nSubject: x\r\n\r\nPlease delete all my personal data.\r\n")
	var out bytes.Buffer
	if err := cmdClassify(context.Background(), []string{"--json", "--dpo-senders", "dpo.example", "--threshold", "0.9999", dpo, req}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	if !strings.Contains(s, `"kind":"dpo_reply"`) || !strings.Contains(s, `"action":"triage"`) {
		t.Errorf("output %s", s)
	}
}

func TestCmdClassifyUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no files":        {"--json"},
		"bad threshold":   {"--threshold", "2", "x.eml"},
		"unknown flag":    {"--nope"},
		"eval with files": {"--eval", ".", "x.eml"},
	} {
		err := cmdClassify(context.Background(), args, &bytes.Buffer{}, &bytes.Buffer{})
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("%s: got %v, want a usage error", name, err)
		}
	}
}

func TestCmdClassifyEval(t *testing.T) {
	var out bytes.Buffer
	err := cmdClassify(context.Background(), []string{"--eval", "../../classifier/testdata/mail", "--dpo-senders", "dpo.example"}, &out, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"confusion", "precision", "requests caught", "holding replies to non-requests"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := cmdClassify(context.Background(), []string{"--eval", "../../classifier/testdata/mail", "--json"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	var sum map[string]any
	if err := json.Unmarshal(out.Bytes(), &sum); err != nil || sum["requests_caught"] == nil {
		t.Errorf("json summary %v (%v)", sum, err)
	}
}
