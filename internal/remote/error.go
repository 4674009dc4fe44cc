package remote

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
)

// FieldError names one field, parameter or header at fault.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// Error is a non-2xx answer of the server, read from its RFC 9457
// problem+json body when it has one.
type Error struct {
	Status    int          `json:"status"`
	Title     string       `json:"title"`
	Detail    string       `json:"detail"`
	RequestID string       `json:"request_id"`
	Fields    []FieldError `json:"errors"`
}

// Error is one line: what went wrong, each field at fault, the status and
// the request id to quote when reporting it.
func (e *Error) Error() string {
	var b strings.Builder
	switch e.Status {
	case http.StatusUnauthorized:
		b.WriteString("the server refused the API token")
		if e.Detail != "" {
			b.WriteString(" (" + e.Detail + ")")
		}
		b.WriteString("; mint a new one on your account page (/account) or with `pmo token create`, then pass it with --token-file or PMO_TOKEN")
	default:
		msg := e.Detail
		if msg == "" {
			msg = e.Title
		}
		b.WriteString(msg)
		for i, f := range e.Fields {
			if i == 0 {
				b.WriteString(": ")
			} else {
				b.WriteString("; ")
			}
			b.WriteString(f.Field + " " + f.Detail)
		}
		if e.Status == http.StatusForbidden && strings.Contains(e.Detail, "read-only") {
			b.WriteString(" (this call changes data: use a read-write token)")
		}
	}
	fmt.Fprintf(&b, " [HTTP %d", e.Status)
	if e.RequestID != "" {
		b.WriteString(", request " + e.RequestID)
	}
	b.WriteString("]")
	return oneLine(b.String())
}

// Unauthorized reports whether the token was refused (unknown, expired,
// revoked, or its user disabled).
func (e *Error) Unauthorized() bool { return e.Status == http.StatusUnauthorized }

// readError reads the problem of a failed response; a body that is no
// problem (a proxy's HTML page) gives the status line and its first words.
func readError(res *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	e := &Error{}
	if json.Unmarshal(body, e) != nil || e.Status == 0 {
		e = &Error{Status: res.StatusCode, Title: http.StatusText(res.StatusCode)}
		if text := strings.TrimSpace(string(body)); text != "" && !strings.HasPrefix(text, "<") {
			e.Detail = truncate(text, 200)
		}
	}
	e.Status = res.StatusCode
	if e.RequestID == "" {
		e.RequestID = res.Header.Get("X-Request-Id")
	}
	return e
}

// NetError is a request that got no answer: the server is down, the name
// does not resolve, TLS failed, or the time ran out.
type NetError struct {
	Server string
	Err    error
}

func (e *NetError) Error() string {
	cause := e.Err
	// url.Error repeats the method and the whole URL; the server is enough.
	var ue interface{ Unwrap() error }
	if errors.As(cause, &ue) && ue.Unwrap() != nil {
		cause = ue.Unwrap()
	}
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(cause, &dns):
		return fmt.Sprintf("cannot reach %s: the host name does not resolve (%s)", e.Server, dns.Err)
	case errors.As(cause, &op) && op.Op == "dial":
		return fmt.Sprintf("cannot reach %s: nothing answers there (%v); is pmo serve running, and is --server or PMO_SERVER right?", e.Server, op.Err)
	}
	return fmt.Sprintf("cannot reach %s: %v", e.Server, cause)
}

func (e *NetError) Unwrap() error { return e.Err }

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
