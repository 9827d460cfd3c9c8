package deadline

import (
	"testing"
)

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		name  string
		date  string
		cal   Calendar
		extra []string
		want  bool
	}{
		{"weekday", "2026-03-04", EnglandAndWales, nil, true},
		{"saturday", "2026-03-07", EnglandAndWales, nil, false},
		{"sunday", "2026-03-08", EnglandAndWales, nil, false},
		{"christmas", "2026-12-25", EnglandAndWales, nil, false},
		{"boxing day substitute", "2026-12-28", Scotland, nil, false},
		{"easter monday E&W", "2026-04-06", EnglandAndWales, nil, false},
		{"easter monday is worked in Scotland", "2026-04-06", Scotland, nil, true},
		{"2 January in Scotland", "2026-01-02", Scotland, nil, false},
		{"2 January in England", "2026-01-02", EnglandAndWales, nil, true},
		{"summer holiday Scotland first Monday", "2026-08-03", Scotland, nil, false},
		{"first Monday of August worked in E&W", "2026-08-03", EnglandAndWales, nil, true},
		{"last Monday of August worked in Scotland", "2026-08-31", Scotland, nil, true},
		{"St Andrew's Day", "2026-11-30", Scotland, nil, false},
		{"St Andrew's Day worked in NI", "2026-11-30", NorthernIreland, nil, true},
		{"St Patrick's Day", "2026-03-17", NorthernIreland, nil, false},
		{"St Patrick's Day worked in E&W", "2026-03-17", EnglandAndWales, nil, true},
		{"Boyne substitute", "2026-07-13", NorthernIreland, nil, false},
		{"provider closure day", "2026-12-24", EnglandAndWales, []string{"2026-12-24", "2026-12-31"}, false},
		{"other provider day unaffected", "2026-12-23", EnglandAndWales, []string{"2026-12-24"}, true},
		{"coronation 2023", "2023-05-08", NorthernIreland, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var extra []Date
			for _, e := range tt.extra {
				extra = append(extra, mustDate(t, e))
			}
			if got := IsWorkingDay(mustDate(t, tt.date), tt.cal, extra); got != tt.want {
				t.Errorf("IsWorkingDay(%s, %s) = %v, want %v", tt.date, tt.cal, got, tt.want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	xmasEve := []Date{mustDate(t, "2026-12-24")}
	tests := []struct {
		name  string
		from  string
		n     int
		cal   Calendar
		extra []Date
		want  string
	}{
		{"zero on a working day stays", "2026-03-04", 0, EnglandAndWales, nil, "2026-03-04"},
		{"zero on a Saturday moves to Monday", "2026-03-07", 0, EnglandAndWales, nil, "2026-03-09"},
		{"zero on Good Friday moves past Easter", "2026-04-03", 0, EnglandAndWales, nil, "2026-04-07"},
		{"zero on Good Friday in Scotland moves to Monday", "2026-04-03", 0, Scotland, nil, "2026-04-06"},
		{"one over a weekend", "2026-03-06", 1, EnglandAndWales, nil, "2026-03-09"},
		{"five is a week", "2026-03-04", 5, EnglandAndWales, nil, "2026-03-11"},
		{"over Christmas", "2026-12-23", 2, EnglandAndWales, nil, "2026-12-29"},
		{"over Christmas with a closure day", "2026-12-23", 1, EnglandAndWales, xmasEve, "2026-12-29"},
		{"backwards over a weekend", "2026-03-09", -1, EnglandAndWales, nil, "2026-03-06"},
		{"backwards over Easter", "2026-04-07", -1, EnglandAndWales, nil, "2026-04-02"},
		{"Scottish new year", "2025-12-31", 1, Scotland, nil, "2026-01-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AddWorkingDays(mustDate(t, tt.from), tt.n, tt.cal, tt.extra)
			if got.String() != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		cal      Calendar
		want     int
	}{
		{"same day", "2026-03-04", "2026-03-04", EnglandAndWales, 0},
		{"next day", "2026-03-04", "2026-03-05", EnglandAndWales, 1},
		{"over a weekend", "2026-03-06", "2026-03-09", EnglandAndWales, 1},
		{"from a weekend", "2026-03-07", "2026-03-09", EnglandAndWales, 1},
		{"Christmas fortnight", "2026-12-21", "2027-01-04", EnglandAndWales, 7},
		{"Christmas fortnight Scotland", "2026-12-21", "2027-01-04", Scotland, 6},
		{"negative", "2026-03-09", "2026-03-06", EnglandAndWales, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := WorkingDaysBetween(mustDate(t, tt.from), mustDate(t, tt.to), tt.cal, nil); got != tt.want {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestAddWorkingDaysInvertsWorkingDaysBetween(t *testing.T) {
	start := mustDate(t, "2026-11-20")
	for _, cal := range Calendars {
		for n := -30; n <= 30; n++ {
			end := AddWorkingDays(start, n, cal, nil)
			if got := WorkingDaysBetween(start, end, cal, nil); got != n {
				t.Errorf("%s n=%d: between = %d", cal, n, got)
			}
		}
	}
}
