package governance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/pmohq/pmo"
)

// Error is one problem in a framework document, at a line and column.
type Error struct {
	File    string
	Line    int // 1-based; 0 when the problem has no single place
	Column  int // 1-based
	Message string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// ErrorList is every problem found in a framework document, in document order.
// It unwraps to a pmo.Error of kind Invalid, so adapters map it like any
// other invalid input.
type ErrorList []*Error

func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap returns the list as a pmo.Error of kind Invalid with one field
// (file:line:column) per problem.
func (l ErrorList) Unwrap() error {
	e := &pmo.Error{Kind: pmo.Invalid, Message: fmt.Sprintf("the framework has %d error(s)", len(l))}
	for _, x := range l {
		e.Fields = append(e.Fields, pmo.FieldError{Field: fmt.Sprintf("%s:%d:%d", x.File, x.Line, x.Column), Detail: x.Message})
	}
	return e
}

func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}

// errs collects errors against one file.
type errs struct {
	file string
	list ErrorList
}

func (e *errs) add(p Pos, format string, args ...any) {
	if p.Line < 1 {
		p = Pos{1, 1} // never leave an analyst without a place to look
	}
	e.list = append(e.list, &Error{File: e.file, Line: p.Line, Column: p.Column, Message: fmt.Sprintf(format, args...)})
}

func (e *errs) err() error {
	if len(e.list) == 0 {
		return nil
	}
	e.list.sort()
	return e.list
}
