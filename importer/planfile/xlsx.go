package planfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pmohq/pmo/planning"
	"github.com/xuri/excelize/v2"
)

// Sheets of a plan workbook. Proposals and Budget are required.
const (
	SheetSettings  = "Settings"  // Setting | Value: Name, Currency, Objective, Timed
	SheetProposals = "Proposals" // one row per proposal
	SheetCosts     = "Costs"     // Code | Type (capex/opex) | 1 | 2 | ... periods after the start
	SheetDemand    = "Demand"    // Code | Role | 1 | 2 | ...
	SheetBenefits  = "Benefits"  // Code | 1 | 2 | ...
	SheetBudget    = "Budget"    // Period | Budget | Committed
	SheetCapacity  = "Capacity"  // Role | Type (capacity/committed) | one column per period
	SheetCriteria  = "Criteria"  // Key | Name | Weight | Min | Max | Direction
	SheetScores    = "Scores"    // Proposal | Reviewer | one column per criterion key
)

// ReadXLSX reads a plan workbook. Errors name the sheet and cell, e.g.
// Costs!D5.
func ReadXLSX(r io.Reader) (planning.Input, error) {
	f, err := readWorkbook(r)
	if err != nil {
		return planning.Input{}, err
	}
	return f.Input()
}

func readWorkbook(r io.Reader) (*File, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSize {
		return nil, fmt.Errorf("the workbook is larger than %d MB", MaxSize>>20)
	}
	// Bound what excelize unpacks, so that a small zip cannot expand into
	// gigabytes.
	x, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, fmt.Errorf("not an Excel workbook (.xlsx): %v", err)
	}
	defer x.Close()
	rd := &reader{x: x}
	f := &File{}
	rd.settings(f)
	rd.budget(f)
	rd.capacity(f)
	rd.proposals(f)
	rd.profiles(f)
	rd.scoring(f)
	if len(rd.errs) > 0 {
		return nil, errors.Join(rd.errs...)
	}
	return f, nil
}

// reader collects cell errors while reading a workbook.
type reader struct {
	x    *excelize.File
	errs []error
}

// table is one sheet: its header (lower-cased, trimmed) and its rows.
type table struct {
	name   string
	header []string
	rows   [][]string // data rows; row k is spreadsheet row k+2
}

// sheet returns the named sheet, or nil when it is absent; required
// sheets report their absence.
func (rd *reader) sheet(name string, required bool) *table {
	if idx, _ := rd.x.GetSheetIndex(name); idx < 0 {
		if required {
			rd.errs = append(rd.errs, fmt.Errorf("sheet %q is missing", name))
		}
		return nil
	}
	rows, err := rd.x.GetRows(name)
	if err != nil {
		rd.errs = append(rd.errs, fmt.Errorf("sheet %q: %v", name, err))
		return nil
	}
	t := &table{name: name}
	if len(rows) > 0 {
		for _, h := range rows[0] {
			t.header = append(t.header, strings.ToLower(strings.TrimSpace(h)))
		}
		t.rows = rows[1:]
	}
	return t
}

// col returns the index of the column headed name, or -1.
func (t *table) col(name string) int {
	for k, h := range t.header {
		if h == name {
			return k
		}
	}
	return -1
}

// cell returns the trimmed text at data row r, column c.
func (t *table) cell(r, c int) string {
	if c < 0 || r >= len(t.rows) || c >= len(t.rows[r]) {
		return ""
	}
	return strings.TrimSpace(t.rows[r][c])
}

// ref names data row r, column c, e.g. Costs!D5.
func (t *table) ref(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+2)
	return t.name + "!" + name
}

// blank reports whether data row r is empty.
func (t *table) blank(r int) bool {
	for _, v := range t.rows[r] {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func (rd *reader) bad(t *table, r, c int, format string, a ...any) {
	if len(rd.errs) < 50 {
		rd.errs = append(rd.errs, fmt.Errorf("%s: %s", t.ref(r, c), fmt.Sprintf(format, a...)))
	}
}

// num parses a number at (r, c); blank is 0. Amounts must not be negative.
func (rd *reader) num(t *table, r, c int) float64 {
	s := strings.ReplaceAll(t.cell(r, c), ",", "")
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil:
		rd.bad(t, r, c, "%q is not a number", t.cell(r, c))
	case v < 0:
		rd.bad(t, r, c, "%s is negative", s)
	case v > 1e13:
		rd.bad(t, r, c, "%s is too large", s)
	default:
		return v
	}
	return 0
}

// yes parses a yes/no cell.
func (rd *reader) yes(t *table, r, c int) bool {
	switch strings.ToLower(t.cell(r, c)) {
	case "", "no", "n", "false", "0":
		return false
	case "yes", "y", "true", "1", "x":
		return true
	}
	rd.bad(t, r, c, "%q is not yes or no", t.cell(r, c))
	return false
}

// codes splits a list of proposal codes separated by commas or spaces.
func codes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}
