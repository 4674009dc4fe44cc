package mspdi

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pmohq/pmo/engine/schedule"
)

// Namespace is the XML namespace of MSPDI documents.
const Namespace = "http://schemas.microsoft.com/project"

// MaxSize is the largest document Read accepts, in bytes.
const MaxSize = 64 << 20

// noResource is the ResourceUID of an assignment without a resource.
const noResource = -65535

// Read parses an MSPDI document. It returns an error, and no Project, for
// a document that is not MSPDI, truncated or malformed XML, a value that
// does not parse, or a reference (link, assignment, calendar) to something
// missing; errors name the element concerned.
func Read(r io.Reader) (*Project, error) {
	return read(r, MaxSize)
}

// read is Read with a size limit of max bytes.
func read(r io.Reader, max int64) (*Project, error) {
	br := bufio.NewReader(io.LimitReader(r, max+1))
	if b, _ := br.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3) // a UTF-8 byte-order mark, as some writers add
	}
	cr := &countReader{r: br, max: max}
	d := xml.NewDecoder(cr)
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return in, nil
		}
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	var root xml.StartElement
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, readErr(cr, fmt.Errorf("no root element: %w", err))
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	if root.Name.Local != "Project" || root.Name.Space != Namespace {
		return nil, fmt.Errorf("mspdi: not an MSPDI document: root element <%s> in namespace %q, want <Project> in %q",
			root.Name.Local, root.Name.Space, Namespace)
	}
	var x xProject
	if err := d.DecodeElement(&x, &root); err != nil {
		return nil, readErr(cr, fmt.Errorf("<Project>: %w", err))
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readErr(cr, fmt.Errorf("after </Project>: %w", err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return nil, fmt.Errorf("mspdi: element <%s> after </Project>", t.Name.Local)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, errors.New("mspdi: text after </Project>")
			}
		}
	}
	return convert(&x)
}

type countReader struct {
	r      io.Reader
	n, max int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func readErr(cr *countReader, err error) error {
	if cr.n > cr.max {
		return fmt.Errorf("mspdi: document larger than %d bytes", cr.max)
	}
	var se *xml.SyntaxError
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF") {
		return fmt.Errorf("mspdi: truncated XML: %w", err)
	}
	return fmt.Errorf("mspdi: malformed XML: %w", err)
}

// parser converts strings, keeping the first error with the element it
// came from.
type parser struct {
	where string // e.g. "Task UID 5"
	err   error
}

func (p *parser) fail(field, s string, why string) {
	if p.err == nil {
		p.err = fmt.Errorf("mspdi: %s: <%s> %q: %s", p.where, field, s, why)
	}
}

func (p *parser) int(field, s string, def int) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < math.MinInt32 || v > math.MaxInt32 {
		p.fail(field, s, "not an integer")
	}
	return v
}

func (p *parser) float(field, s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.fail(field, s, "not a number")
	}
	return v
}

func (p *parser) bool(field, s string) bool {
	switch strings.TrimSpace(s) {
	case "", "0", "false":
		return false
	case "1", "true":
		return true
	}
	p.fail(field, s, "not a boolean")
	return false
}

// tenths parses a slack or lag in tenths of minutes, returning minutes.
func (p *parser) tenths(field, s string) int64 {
	v := p.float(field, s)
	if math.Abs(v) > 1e15 {
		p.fail(field, s, "out of range")
		return 0
	}
	return int64(math.Round(v / 10))
}

var dateLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05.999999999", "2006-01-02"}

func (p *parser) date(field, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				p.fail(field, s, "year out of range 1900–2200")
			}
			return t
		}
	}
	p.fail(field, s, "not a date (want 2006-01-02T15:04:05)")
	return time.Time{}
}

// clock parses a time of day "08:00:00" into minutes from midnight.
func (p *parser) clock(field, s string) int {
	t, err := time.Parse("15:04:05", strings.TrimSpace(s))
	if err != nil {
		if t, err = time.Parse("15:04", strings.TrimSpace(s)); err != nil {
			p.fail(field, s, "not a time of day")
			return 0
		}
	}
	return t.Hour()*60 + t.Minute()
}

// duration parses an ISO 8601 duration as MSPDI writes it: PT8H0M0S,
// optionally with a sign, days (of 24 hours) and fractional seconds.
func (p *parser) duration(field, s string) time.Duration {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	d, err := parseDuration(s)
	if err != nil {
		p.fail(field, s, err.Error())
	}
	return d
}

func parseDuration(s string) (time.Duration, error) {
	neg := strings.HasPrefix(s, "-")
	rest := strings.TrimPrefix(s, "-")
	if !strings.HasPrefix(rest, "P") {
		return 0, errors.New("not an ISO 8601 duration (want PT8H0M0S)")
	}
	rest = rest[1:]
	var total float64
	inTime, any := false, false
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return 0, errors.New("second T in duration")
			}
			inTime, rest = true, rest[1:]
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.') {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, errors.New("not an ISO 8601 duration (want PT8H0M0S)")
		}
		v, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, errors.New("bad number in duration")
		}
		var unit float64
		switch {
		case rest[i] == 'D' && !inTime:
			unit = 24 * 3600
		case rest[i] == 'H' && inTime:
			unit = 3600
		case rest[i] == 'M' && inTime:
			unit = 60
		case rest[i] == 'S' && inTime:
			unit = 1
		default:
			return 0, fmt.Errorf("unsupported unit %q in duration", rest[i])
		}
		total += v * unit
		any = true
		rest = rest[i+1:]
	}
	if !any {
		return 0, errors.New("empty duration")
	}
	if total > 1e9 { // about 30 years of seconds: far beyond any schedule
		return 0, errors.New("duration out of range")
	}
	d := time.Duration(math.Round(total)) * time.Second
	if neg {
		d = -d
	}
	return d, nil
}

// MSPDI codes for constraint types, in order 0–7.
var constraints = [...]schedule.ConstraintType{schedule.ASAP, schedule.ALAP, schedule.MSO, schedule.MFO,
	schedule.SNET, schedule.SNLT, schedule.FNET, schedule.FNLT}

// MSPDI codes for link types: 0 FF, 1 FS, 2 SF, 3 SS.
var linkTypes = [...]schedule.LinkType{schedule.FF, schedule.FS, schedule.SF, schedule.SS}

// elapsedFormat reports whether an MSPDI duration or lag format counts
// elapsed time (em, eh, ed, ew, emo, e%, and their estimated forms).
func elapsedFormat(f int) bool {
	switch f {
	case 4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52:
		return true
	}
	return false
}

func percentFormat(f int) bool { return f == 19 || f == 20 || f == 51 || f == 52 }
