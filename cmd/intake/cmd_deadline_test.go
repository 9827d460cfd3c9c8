package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runDeadline(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := cmdDeadline(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCmdDeadline(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ICO 31 January", []string{"--received", "2026-01-31"}, "2026-03-02\n"},
		{"ICO 25 November over Christmas", []string{"--received=2024-11-25"}, "2024-12-27\n"},
		{"single-dash flags", []string{"-received", "2028-01-31"}, "2028-02-29\n"},
		{"extended", []string{"--received", "2025-11-30", "--extended"}, "2026-03-02\n"},
		{"pause", []string{"--received", "2026-03-02", "--pause", "2026-03-05:2026-03-12"}, "2026-04-10\n"},
		{"two pauses", []string{"--received", "2026-03-02", "--pause", "2026-03-05:2026-03-12", "--pause", "2026-03-20:2026-03-21"}, "2026-04-13\n"},
		{"scotland", []string{"--received", "2025-12-02", "--calendar", "scotland"}, "2026-01-05\n"},
		{"england", []string{"--received", "2025-12-02", "--calendar", "england-and-wales"}, "2026-01-02\n"},
		{"northern ireland", []string{"--received", "2026-06-13", "--calendar", "northern-ireland"}, "2026-07-14\n"},
		{"complaint", []string{"--received", "2026-06-19", "--complaint"}, "2026-07-18\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := runDeadline(t, tt.args...)
			if err != nil || out != tt.want || errOut != "" {
				t.Errorf("intake deadline %v = %q (stderr %q), %v; want %q", tt.args, out, errOut, err, tt.want)
			}
		})
	}
}

func TestCmdDeadlineExplain(t *testing.T) {
	out, _, err := runDeadline(t, "--received", "2026-01-31", "--explain")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 3 || lines[len(lines)-1] != "2026-03-02" || !strings.HasPrefix(lines[0], "start 2026-01-31") {
		t.Errorf("explain output:\n%s", out)
	}
	if !strings.Contains(out, "skip 2026-02-28: weekend") {
		t.Errorf("explain output lacks the skipped weekend:\n%s", out)
	}
}

func TestCmdDeadlineErrors(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		want  string
		usage bool // a mistake in the call: exit code 2
	}{
		{"missing received", nil, "--received", true},
		{"bad received", []string{"--received", "31/01/2026"}, "-received", true},
		{"impossible date", []string{"--received", "2026-02-30"}, "-received", true},
		{"bad pause", []string{"--received", "2026-03-02", "--pause", "2026-03-05"}, "-pause", true},
		{"bad pause end", []string{"--received", "2026-03-02", "--pause", "2026-03-05:soon"}, "-pause", true},
		{"bad calendar", []string{"--received", "2026-03-02", "--calendar", "wales"}, "-calendar", true},
		{"unknown flag", []string{"--received", "2026-03-02", "--frobnicate"}, "frobnicate", true},
		{"extra argument", []string{"--received", "2026-03-02", "2026-03-03"}, "unexpected argument", true},
		{"pause ends before it begins", []string{"--received", "2026-03-02", "--pause", "2026-03-12:2026-03-05"}, "ends before it begins", false},
		{"complaint extended", []string{"--received", "2026-03-02", "--complaint", "--extended"}, "--extended", true},
		{"complaint paused", []string{"--received", "2026-03-02", "--complaint", "--pause", "2026-03-05:2026-03-06"}, "--pause", true},
		{"open pause", []string{"--received", "2026-03-02", "--pause", "2026-03-05:"}, "clock is stopped", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runDeadline(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one naming %q", err, tt.want)
			}
			if got := exitCode(err); got != map[bool]int{true: 2, false: 1}[tt.usage] {
				t.Errorf("exit code %d for %v", got, err)
			}
			if strings.Contains(out, "\n") && !strings.Contains(strings.Join(tt.args, " "), "--explain") {
				t.Errorf("printed %q despite the error", out)
			}
		})
	}
}

func TestCmdDeadlineHelp(t *testing.T) {
	_, errOut, err := runDeadline(t, "-h")
	if err != nil || !strings.Contains(errOut, "usage: intake deadline --received") || !strings.Contains(errOut, "-calendar") {
		t.Errorf("help: %v\n%s", err, errOut)
	}
}
