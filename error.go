package pmo

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an Error so adapters can map it to a status or exit code.
type Kind string

// The closed set of error kinds.
const (
	Invalid      Kind = "invalid"      // the input breaks a rule; fix it and retry
	NotFound     Kind = "not_found"    // the record does not exist
	Conflict     Kind = "conflict"     // the request clashes with existing data (duplicate, in use)
	Stale        Kind = "stale"        // the record changed since the caller read it
	Unauthorized Kind = "unauthorized" // the caller may not do this
	Internal     Kind = "internal"     // a fault of ours; details are logged, not shown
)

// FieldError names one field at fault and why.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// Error is the domain error. Message is safe to show to users.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Detail
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf returns an Error of the given kind with a formatted message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// FieldErr returns an Invalid error naming one field.
func FieldErr(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Message: "invalid input",
		Fields: []FieldError{{Field: field, Detail: fmt.Sprintf(format, args...)}}}
}

// ErrorKind returns the kind of err; anything that is not an *Error is Internal.
func ErrorKind(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// ErrorMessage returns the user-safe message of err; foreign errors get a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorFields returns the fields at fault in err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validator collects field errors so a caller learns every problem at once.
type Validator struct {
	fields []FieldError
}

// Check records a field error when ok is false.
func (v *Validator) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.fields = append(v.fields, FieldError{Field: field, Detail: fmt.Sprintf(format, args...)})
	}
}

// Add records a field error unconditionally.
func (v *Validator) Add(field, format string, args ...any) { v.Check(false, field, format, args...) }

// Err returns an Invalid error listing every recorded field, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "invalid input", Fields: v.fields}
}
