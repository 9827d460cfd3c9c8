package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"example.org/intake/casework"
	"example.org/intake/classifier"
	"example.org/intake/deadline"
	"example.org/intake/store"
)

// monthReport is one month of requests, by the month they were received.
type monthReport struct {
	Month       string // 2026-03
	Label       string // March 2026
	Total       int
	ByKind      map[string]int
	Answered    int
	OnTime      int
	MedianDays  int
	MaxDays     int
	OverdueNow  int
	OnTimeShare float64
}

// report counts requests (not triage leftovers or other mail) per month.
func (s *server) report(cases []store.Case) []monthReport {
	byMonth := map[string]*monthReport{}
	days := map[string][]int{}
	for i := range cases {
		c := &cases[i]
		if !classifier.Kind(c.Kind).IsRequest() || c.State == store.StateTriage || casework.IsNotARequest(c) {
			continue
		}
		key := c.ReceivedAt.In(london).Format("2006-01")
		m := byMonth[key]
		if m == nil {
			m = &monthReport{Month: key, Label: c.ReceivedAt.In(london).Format("January 2006"), ByKind: map[string]int{}}
			byMonth[key] = m
		}
		m.Total++
		m.ByKind[c.Kind]++
		if s.opts.Cases.ClockNow(c).Overdue {
			m.OverdueNow++
		}
		if !c.AnsweredAt.Valid {
			continue
		}
		m.Answered++
		answered := deadline.DateOf(c.AnsweredAt.Time)
		n := deadline.DateOf(c.ReceivedAt).DaysUntil(answered)
		days[key] = append(days[key], n)
		if due, err := deadline.ParseDate(c.DueDate); err == nil && !answered.After(due) {
			m.OnTime++
		}
	}
	var out []monthReport
	for k, m := range byMonth {
		if d := days[k]; len(d) > 0 {
			slices.Sort(d)
			m.MedianDays = d[len(d)/2]
			if len(d)%2 == 0 {
				m.MedianDays = (d[len(d)/2-1] + d[len(d)/2]) / 2
			}
			m.MaxDays = d[len(d)-1]
			m.OnTimeShare = float64(m.OnTime) / float64(m.Answered)
		}
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b monthReport) int {
		if a.Month < b.Month {
			return -1
		}
		if a.Month > b.Month {
			return 1
		}
		return 0
	})
	return out
}

// bar is one bar of the chart, in SVG user units.
type bar struct {
	X, Y, W, H     int
	LabelX, CountY int
	Label, Count   string
}

const chartW, chartH, chartPad = 640, 240, 30

func chart(months []monthReport) []bar {
	if len(months) == 0 {
		return nil
	}
	maxN := 1
	for _, m := range months {
		maxN = max(maxN, m.Total)
	}
	slot := (chartW - 2*chartPad) / len(months)
	w := max(slot*2/3, 4)
	bars := make([]bar, len(months))
	for i, m := range months {
		h := m.Total * (chartH - 2*chartPad) / maxN
		x := chartPad + i*slot + (slot-w)/2
		bars[i] = bar{X: x, Y: chartH - chartPad - h, W: w, H: h, LabelX: x + w/2, CountY: chartH - chartPad - h - 6,
			Label: m.Month, Count: strconv.Itoa(m.Total)}
	}
	return bars
}

func (s *server) allCases(r *http.Request) ([]store.Case, error) {
	return s.opts.Cases.List(r.Context())
}

func (s *server) reports(w http.ResponseWriter, r *http.Request) {
	cases, err := s.allCases(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	months := s.report(cases)
	s.render(w, r, http.StatusOK, "reports", map[string]any{"Title": "Reports", "Months": months, "Bars": chart(months),
		"Kinds": requestKinds, "ChartW": chartW, "ChartH": chartH, "Base": chartH - chartPad})
}

func (s *server) reportsCSV(w http.ResponseWriter, r *http.Request) {
	cases, err := s.allCases(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="intake-report.csv"`)
	cw := csv.NewWriter(w)
	head := []string{"month", "requests"}
	head = append(head, requestKinds...)
	head = append(head, "answered", "answered_on_time", "share_on_time", "median_days_to_answer", "max_days_to_answer", "overdue_now")
	_ = cw.Write(head)
	for _, m := range s.report(cases) {
		row := []string{m.Month, strconv.Itoa(m.Total)}
		for _, k := range requestKinds {
			row = append(row, strconv.Itoa(m.ByKind[k]))
		}
		row = append(row, strconv.Itoa(m.Answered), strconv.Itoa(m.OnTime), fmt.Sprintf("%.2f", m.OnTimeShare),
			strconv.Itoa(m.MedianDays), strconv.Itoa(m.MaxDays), strconv.Itoa(m.OverdueNow))
		_ = cw.Write(row)
	}
	cw.Flush()
}
