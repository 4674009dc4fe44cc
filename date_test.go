package pmo_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pmohq/pmo"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in        string
		wantStart string
		wantEnd   string
		wantErr   bool
	}{
		{in: "2026-W48", wantStart: "2026-11-23", wantEnd: "2026-11-29"},
		{in: "2026-W01", wantStart: "2025-12-29", wantEnd: "2026-01-04"},
		{in: "2020-W53", wantStart: "2020-12-28", wantEnd: "2021-01-03"},
		{in: "2026-W53", wantStart: "2026-12-28", wantEnd: "2027-01-03"}, // 2026 starts on a Thursday
		{in: "2027-W53", wantErr: true},                                  // 2027 has 52 ISO weeks
		{in: "2026-W00", wantErr: true},
		{in: "2026-11", wantStart: "2026-11-01", wantEnd: "2026-11-30"},
		{in: "2024-02", wantStart: "2024-02-01", wantEnd: "2024-02-29"},
		{in: "2026-Q4", wantStart: "2026-10-01", wantEnd: "2026-12-31"},
		{in: "2026-Q5", wantErr: true},
		{in: "2026-13", wantErr: true},
		{in: "", wantErr: true},
		{in: "W48", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := pmo.ParsePeriod(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParsePeriod(%q) = %v, want error", tt.in, p)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Start.String(); got != tt.wantStart {
				t.Errorf("start = %s, want %s", got, tt.wantStart)
			}
			if got := p.End().String(); got != tt.wantEnd {
				t.Errorf("end = %s, want %s", got, tt.wantEnd)
			}
			if got := p.String(); got != tt.in {
				t.Errorf("String() = %s, want %s", got, tt.in)
			}
		})
	}
}

func TestPeriodOf(t *testing.T) {
	d := pmo.NewDate(2026, time.November, 27) // a Friday
	if got := pmo.WeekOf(d).String(); got != "2026-W48" {
		t.Errorf("WeekOf = %s", got)
	}
	if got := pmo.MonthOf(d).Next().String(); got != "2026-12" {
		t.Errorf("MonthOf.Next = %s", got)
	}
	if got := pmo.QuarterOf(d).Next().String(); got != "2027-Q1" {
		t.Errorf("QuarterOf.Next = %s", got)
	}
	if !pmo.WeekOf(d).Contains(d) || pmo.WeekOf(d).Next().Contains(d) {
		t.Error("Contains is wrong")
	}
}

func TestDateJSON(t *testing.T) {
	var v struct {
		A pmo.Date `json:"a"`
		B pmo.Date `json:"b"`
		C pmo.Date `json:"c"`
	}
	if err := json.Unmarshal([]byte(`{"a":"2026-02-28","b":null,"c":""}`), &v); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(v)
	if got, want := string(out), `{"a":"2026-02-28","b":null,"c":null}`; got != want {
		t.Errorf("round trip = %s, want %s", got, want)
	}
	for _, bad := range []string{`{"a":"2026-02-30"}`, `{"a":"28/02/2026"}`, `{"a":20260228}`} {
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("Unmarshal(%s) succeeded, want error", bad)
		}
	}
}

func TestMoneyString(t *testing.T) {
	tests := map[string]pmo.Money{
		"EUR 1,250,000.00": {Minor: 125000000, Currency: "EUR"},
		"GBP -12.05":       {Minor: -1205, Currency: "GBP"},
		"USD 0.99":         {Minor: 99, Currency: "USD"},
		"":                 {},
	}
	for want, m := range tests {
		if got := m.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", m, got, want)
		}
	}
}

func TestStatusOverdue(t *testing.T) {
	p, _ := pmo.ParsePeriod("2026-W46") // ends 2026-11-15
	tests := []struct {
		asOf string
		want bool
	}{
		{"2026-11-23", false}, // 8 days after the end: within 7 + 2
		{"2026-11-24", false}, // exactly 9 days: still within
		{"2026-11-25", true},
	}
	for _, tt := range tests {
		d, _ := pmo.ParseDate(tt.asOf)
		if got := pmo.StatusOverdue(pmo.Weekly, p, d); got != tt.want {
			t.Errorf("StatusOverdue(weekly, %s, %s) = %v, want %v", p, tt.asOf, got, tt.want)
		}
	}
	if !pmo.StatusOverdue(pmo.Weekly, pmo.Period{}, pmo.NewDate(2026, 1, 1)) {
		t.Error("a project that never reported must be overdue")
	}
}
