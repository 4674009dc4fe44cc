package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pmohq/pmo"
)

// timeLayout stores timestamps as fixed-width UTC text, so that text order
// is time order on both databases.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

// dateArg is the column value of d: NULL when unset, else YYYY-MM-DD.
func dateArg(d pmo.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func timeArg(t time.Time) string { return t.UTC().Format(timeLayout) }

func jsonArg(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// text returns the text of a scanned value, which drivers give as string or []byte.
func text(src any) (string, bool) {
	switch v := src.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

// dateScan scans a nullable YYYY-MM-DD column into a pmo.Date.
type dateScan struct{ d *pmo.Date }

// Scan implements sql.Scanner.
func (s dateScan) Scan(src any) error {
	if src == nil {
		*s.d = pmo.Date{}
		return nil
	}
	if t, ok := src.(time.Time); ok {
		*s.d = pmo.DateOf(t)
		return nil
	}
	str, ok := text(src)
	if !ok {
		return fmt.Errorf("scan date: unexpected %T", src)
	}
	d, err := pmo.ParseDate(str)
	*s.d = d
	return err
}

// timeScan scans a timestamp column written with timeLayout.
type timeScan struct{ t *time.Time }

// Scan implements sql.Scanner.
func (s timeScan) Scan(src any) error {
	if t, ok := src.(time.Time); ok {
		*s.t = t.UTC()
		return nil
	}
	str, ok := text(src)
	if !ok {
		return fmt.Errorf("scan time: unexpected %T", src)
	}
	t, err := time.Parse(time.RFC3339Nano, str)
	*s.t = t.UTC()
	return err
}

// periodScan scans a period label such as 2026-W48.
type periodScan struct{ p *pmo.Period }

// Scan implements sql.Scanner.
func (s periodScan) Scan(src any) error {
	str, ok := text(src)
	if src != nil && !ok {
		return fmt.Errorf("scan period: unexpected %T", src)
	}
	if str == "" {
		*s.p = pmo.Period{}
		return nil
	}
	p, err := pmo.ParsePeriod(str)
	*s.p = p
	return err
}

// jsonScan decodes a JSON text column into v.
type jsonScan struct{ v any }

// Scan implements sql.Scanner.
func (s jsonScan) Scan(src any) error {
	str, ok := text(src)
	if !ok {
		return fmt.Errorf("scan json: unexpected %T", src)
	}
	return json.Unmarshal([]byte(str), s.v)
}
