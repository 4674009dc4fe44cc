package planfile

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/planning"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite docs/examples/plan.xlsx and testdata/plan.xlsx from plan.json")

const sampleJSON = "../../docs/examples/plan.json"

func readFile(t testing.TB, name string) *File {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

// asJSON renders an input for comparison (periods hold unexported fields).
func asJSON(t testing.TB, in planning.Input) string {
	t.Helper()
	b, err := json.MarshalIndent(in, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReadJSONSample(t *testing.T) {
	f, err := os.Open(sampleJSON)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in, err := ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	s := in.Scenario
	if s.Start.String() != "2027-Q1" || s.Periods != 8 || s.Budget[0] != 800_000_00 || len(s.Capacity) != 3 {
		t.Errorf("scenario %+v", s)
	}
	if len(in.Proposals) != 10 || in.Committed.Cost[0] != 450_000_00 {
		t.Fatalf("%d proposals, committed %v", len(in.Proposals), in.Committed.Cost)
	}
	data2 := in.Proposals[4]
	if data2.Code != "DATA-02" || !slices.Equal(data2.Dependencies, []pmo.ProposalDependency{{ProposalID: 4, FinishFirst: true}}) {
		t.Errorf("DATA-02 dependencies %+v", data2.Dependencies)
	}
	if in.Model == nil || len(in.Scores) != 10 {
		t.Errorf("model %v, %d scores from the score column", in.Model, len(in.Scores))
	}
	if _, err := planning.Build(in); err != nil {
		t.Errorf("the sample does not plan: %v", err)
	}
}

// TestXLSXRoundTrip: the workbook written from the sample reads back as
// the same input as the JSON, and the shipped workbooks are that workbook.
func TestXLSXRoundTrip(t *testing.T) {
	for _, name := range []string{sampleJSON, "testdata/scored.json"} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f := readFile(t, name)
			want, err := f.Input()
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteXLSX(&buf, f); err != nil {
				t.Fatal(err)
			}
			got, err := ReadXLSX(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(asJSON(t, want), asJSON(t, got)); d != "" {
				t.Errorf("JSON and XLSX inputs differ (-json +xlsx):\n%s", d)
			}
			if name != sampleJSON {
				return
			}
			for _, out := range []string{"../../docs/examples/plan.xlsx", "testdata/plan.xlsx"} {
				if *update {
					if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				shipped, err := ReadXLSX(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(asJSON(t, want), asJSON(t, shipped)); d != "" {
					t.Errorf("%s is out of date (go test -update):\n%s", out, d)
				}
			}
		})
	}
}

func TestJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name, doc, phrase string
	}{
		{"syntax", "{\n\"scenario\": {\n\"start\": 2027-Q1}}", "line 3"},
		{"unknown field", `{"scenario": {"start": "2027-Q1", "budjet": [1]}}`, `unknown field "budjet"`},
		{"type", "{\"proposals\": [\n{\"code\": 7}]}", "line 2: proposals.code"},
		{"bad start", `{"scenario": {"start": "Q1 2027", "budget": [1]}}`, "scenario.start"},
		{"unknown requires", `{"scenario": {"start": "2027-Q1", "budget": [1]}, "proposals": [{"code": "A", "requires": ["Z"]}]}`, `proposals.A.requires[0]: unknown proposal "Z"`},
		{"negative capex", `{"scenario": {"start": "2027-Q1", "currency": "EUR", "budget": [1]}, "proposals": [{"code": "A", "capex": [-5]}]}`, "proposals.A.business_case.capex[0]"},
		{"duplicate code", `{"scenario": {"start": "2027-Q1", "budget": [1]}, "proposals": [{"code": "A"}, {"code": "A"}]}`, `proposals[1].code: code "A" is used twice`},
		{"lock unknown", `{"scenario": {"start": "2027-Q1", "budget": [1], "lock_in": ["Q"]}}`, `scenario.lock_in[0]: unknown proposal "Q"`},
		{"score off scale", `{"scenario": {"start": "2027-Q1", "budget": [1]}, "proposals": [{"code": "A", "score": 120}]}`, "proposals.A.score"},
		{"committed role", `{"scenario": {"start": "2027-Q1", "budget": [1]}, "committed": {"demand": {"qa": [1]}}}`, "committed.demand.qa"},
		{"trailing", `{} {}`, "after the JSON document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.phrase) {
				t.Errorf("error %v, want one containing %q", err, tc.phrase)
			}
		})
	}
}

// sampleWorkbook returns the sample as an open workbook to edit.
func sampleWorkbook(t testing.TB) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, readFile(t, sampleJSON)); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestXLSXErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(x *excelize.File) error
		phrase string
	}{
		{"negative cost", func(x *excelize.File) error { return x.SetCellValue(SheetCosts, "D3", -5) }, "Costs!D3: -5 is negative"},
		{"not a number", func(x *excelize.File) error { return x.SetCellValue(SheetDemand, "C2", "two") }, `Demand!C2: "two" is not a number`},
		{"unknown proposal", func(x *excelize.File) error { return x.SetCellValue(SheetBenefits, "A2", "NOPE") }, `Benefits!A2: unknown proposal "NOPE"`},
		{"unknown role", func(x *excelize.File) error { return x.SetCellValue(SheetDemand, "B2", "tester") }, `Demand!B2: unknown role "tester"`},
		{"bad period", func(x *excelize.File) error { return x.SetCellValue(SheetBudget, "A4", "2027-Q5") }, `Budget!A4: "2027-Q5" is not a period`},
		{"gap in periods", func(x *excelize.File) error { return x.SetCellValue(SheetBudget, "A4", "2027-Q4") }, "Budget!A4: 2027-Q4 does not follow 2027-Q2"},
		{"capacity heading", func(x *excelize.File) error { return x.SetCellValue(SheetCapacity, "D1", "2028-Q1") }, "Capacity!D1: column 4 must be headed 2027-Q2"},
		{"unknown requires", func(x *excelize.File) error { return x.SetCellValue(SheetProposals, "J3", "CRM-NEW, GHOST") }, `Proposals!J3: unknown proposal "GHOST"`},
		{"mandatory", func(x *excelize.File) error { return x.SetCellValue(SheetProposals, "D2", "perhaps") }, `Proposals!D2: "perhaps" is not yes or no`},
		{"lock", func(x *excelize.File) error { return x.SetCellValue(SheetProposals, "M4", "maybe") }, `Proposals!M4: "maybe" is not in or out`},
		{"rate", func(x *excelize.File) error { return x.SetCellValue(SheetProposals, "I2", "120%") }, `Proposals!I2: "120%" is not a yearly rate`},
		{"duplicate code", func(x *excelize.File) error { return x.SetCellValue(SheetProposals, "A3", "REG-01") }, `Proposals!A3: code "REG-01" is also on row 2`},
		{"cost type", func(x *excelize.File) error { return x.SetCellValue(SheetCosts, "B2", "capital") }, `Costs!B2: "capital" is not capex or opex`},
		{"missing sheet", func(x *excelize.File) error { return x.DeleteSheet(SheetProposals) }, `sheet "Proposals" is missing`},
		{"period heading", func(x *excelize.File) error { return x.SetCellValue(SheetCosts, "D1", "Q2") }, `Costs!D1: column heading "q2" should be 2`},
		{"setting", func(x *excelize.File) error { return x.SetCellValue(SheetSettings, "A3", "Colour") }, `Settings!A3: unknown setting "Colour"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := sampleWorkbook(t)
			if err := tc.edit(x); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if _, err := x.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			_, err := ReadXLSX(&buf)
			if err == nil || !strings.Contains(err.Error(), tc.phrase) {
				t.Errorf("error %v, want one containing %q", err, tc.phrase)
			}
		})
	}
	if _, err := ReadXLSX(strings.NewReader("not a zip")); err == nil || !strings.Contains(err.Error(), "not an Excel workbook") {
		t.Errorf("garbage: %v", err)
	}
}

// FuzzReadJSON: the JSON reader never panics, and what it accepts plans
// or fails with a domain error.
func FuzzReadJSON(f *testing.F) {
	b, err := os.ReadFile(sampleJSON)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"scenario": {"start": "2027-01", "budget": [1, 2]}, "proposals": [{"code": "A", "capex": [1], "after": ["A"]}]}`))
	f.Add([]byte(`{"scenario": {"start": "2027-W01", "capacity": {"x": [1]}}, "proposals": [{"code": "A", "demand": {"x": [1e300]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := ReadJSON(bytes.NewReader(b))
		if err != nil {
			return
		}
		if _, err := planning.Build(in); err != nil && pmo.ErrorKind(err) != pmo.Invalid {
			t.Fatalf("Build: %v is not Invalid", err)
		}
	})
}

// FuzzReadXLSX: the workbook reader never panics on mangled workbooks.
func FuzzReadXLSX(f *testing.F) {
	b, err := os.ReadFile("testdata/plan.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := ReadXLSX(bytes.NewReader(b))
		if err != nil {
			return
		}
		if _, err := planning.Build(in); err != nil && pmo.ErrorKind(err) != pmo.Invalid {
			t.Fatalf("Build: %v is not Invalid", err)
		}
	})
}

// TestXLSXMonthsAsDates: Excel turns a month typed as 2027-01 into a date;
// such cells read as their month in the Budget periods, the Capacity
// headings and the start columns.
func TestXLSXMonthsAsDates(t *testing.T) {
	f := readFile(t, "testdata/scored.json")
	want, err := f.Input()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, f); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for k := range 4 {
		month := time.Date(2027, time.Month(1+k), 1, 0, 0, 0, 0, time.UTC)
		if err := x.SetCellValue(SheetBudget, fmt.Sprintf("A%d", k+2), month); err != nil {
			t.Fatal(err)
		}
		col, _ := excelize.ColumnNumberToName(3 + k)
		if err := x.SetCellValue(SheetCapacity, col+"1", month); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SetCellValue(SheetProposals, "F2", time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if _, err := x.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := ReadXLSX(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(asJSON(t, want), asJSON(t, got)); d != "" {
		t.Errorf("dates read differently from the text periods (-want +got):\n%s", d)
	}
}

// TestFromInput: a plan exported from an input reads back as that input,
// through JSON and through a workbook.
func TestFromInput(t *testing.T) {
	for _, name := range []string{sampleJSON, "testdata/scored.json"} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f := readFile(t, name)
			want, err := f.Input()
			if err != nil {
				t.Fatal(err)
			}
			out, dropped := FromInput(want)
			if len(dropped) > 0 {
				t.Errorf("dropped %v", dropped)
			}
			b, err := json.Marshal(out)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(asJSON(t, want), asJSON(t, got)); d != "" {
				t.Errorf("JSON export (-want +got):\n%s", d)
			}
			var buf bytes.Buffer
			if err := WriteXLSX(&buf, out); err != nil {
				t.Fatal(err)
			}
			if got, err = ReadXLSX(&buf); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(asJSON(t, want), asJSON(t, got)); d != "" {
				t.Errorf("XLSX export (-want +got):\n%s", d)
			}
		})
	}
}

// TestFromInputProjects: a finish-first dependency on a running project
// becomes the earliest start after its finish; one on a cancelled project
// cannot be written and is reported.
func TestFromInputProjects(t *testing.T) {
	in, err := readFile(t, "testdata/scored.json").Input()
	if err != nil {
		t.Fatal(err)
	}
	in.Projects = []*pmo.Project{
		{ID: 70, Code: "RUN", State: pmo.Active, PlannedEnd: pmo.NewDate(2027, 2, 14), ForecastEnd: pmo.NewDate(2027, 3, 2)},
		{ID: 71, Code: "GONE", State: pmo.Cancelled},
	}
	in.Proposals[1].Dependencies = append(in.Proposals[1].Dependencies, pmo.ProposalDependency{ProjectID: 70, FinishFirst: true})
	in.Proposals[2].Dependencies = []pmo.ProposalDependency{{ProjectID: 71}}
	f, dropped := FromInput(in)
	if got := f.Proposals[1].EarliestStart; got != "2027-04" {
		t.Errorf("B's earliest start %q, want 2027-04 (the month after RUN's forecast finish)", got)
	}
	if !slices.Equal(dropped, []string{"C"}) {
		t.Errorf("dropped %v, want [C]", dropped)
	}
}
