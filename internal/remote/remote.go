// Package remote is a client of a running pmo server's REST API: it sends
// a personal API token as a Bearer token, turns problem+json answers into
// errors that name the fields at fault, and follows list cursors. The
// token never appears in an error, a log line or any output.
package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client talks to one pmo server with one token.
type Client struct {
	base  *url.URL
	token string
	// HTTP sends the requests; New sets one with a timeout.
	HTTP *http.Client
	// UserAgent names the client in the server's access log.
	UserAgent string
}

// ErrToken reports a token that cannot be sent: empty, or with characters
// no pmo token has. It never quotes the token.
var ErrToken = errors.New("the API token is empty or has characters no token has (spaces, control characters)")

// New returns a client of server (http or https URL, optionally with a
// path prefix) using token. Plain HTTP is refused for hosts other than
// loopback unless allowHTTP, because the token would cross the network in
// clear.
func New(server, token string, allowHTTP bool) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(server, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("the server must be an http:// or https:// URL, not %q", server)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("the server URL must have no user, query or fragment: %s://%s%s", u.Scheme, u.Host, u.Path)
	}
	if u.Scheme == "http" && !allowHTTP && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("refusing to send the API token over plain HTTP to %s; use https:// (or --insecure-http on a network you trust)", u.Host)
	}
	if !validToken(token) {
		return nil, ErrToken
	}
	hc := &http.Client{Timeout: 5 * time.Minute, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		// The token is for this server only: no redirect elsewhere, not
		// even to a subdomain, to which Go would forward the header.
		if req.URL.Host != u.Host || req.URL.Scheme != u.Scheme {
			return fmt.Errorf("refusing to follow a redirect to %s://%s with the API token", req.URL.Scheme, req.URL.Host)
		}
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return nil
	}}
	return &Client{base: u, token: token, HTTP: hc, UserAgent: "pmo-remote"}, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validToken accepts printable ASCII without spaces: what the server mints
// (pmo_ and base64url), so that a pasted token with a line break fails
// here rather than in net/http's header check.
func validToken(t string) bool {
	if t == "" || len(t) > 1024 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] <= ' ' || t[i] > '~' {
			return false
		}
	}
	return true
}

// Server returns the server's base URL, for messages.
func (c *Client) Server() string { return c.base.String() }

// URL resolves path against the server: a path starting with / is taken as
// is (under any prefix of the server URL), anything else is relative to
// /api/v1/, so "projects?rag=red" means /api/v1/projects?rag=red.
func (c *Client) URL(path string) (string, error) {
	if !strings.HasPrefix(path, "/") {
		path = "/api/v1/" + path
	}
	ref, err := url.Parse(path)
	if err != nil || ref.Scheme != "" || ref.Host != "" {
		return "", fmt.Errorf("the path must be a path on the server, such as /api/v1/projects, not %q", path)
	}
	u := *c.base
	u.Path = c.base.Path + ref.Path
	u.RawPath = ""
	u.RawQuery = ref.RawQuery
	return u.String(), nil
}

// Request is one call: a method, a path (see URL), an optional body and
// extra headers.
type Request struct {
	Method      string
	Path        string
	Body        []byte // nil for none
	ContentType string // of Body; application/json when empty
	IfMatch     string // a version, sent as the ETag "N"; empty for none
	Accept      string
}

// Do sends req and returns the response when its status is 2xx; the caller
// closes its body. Any other status is returned as an *Error read from
// the problem+json body, a network failure as a *NetError.
func (c *Client) Do(ctx context.Context, req Request) (*http.Response, error) {
	target, err := c.URL(req.Path)
	if err != nil {
		return nil, err
	}
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, target, body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.Path, err)
	}
	hr.Header.Set("Authorization", "Bearer "+c.token)
	hr.Header.Set("User-Agent", c.UserAgent)
	hr.Header.Set("Accept", "application/json, application/problem+json")
	if req.Accept != "" {
		hr.Header.Set("Accept", req.Accept)
	}
	if req.Body != nil {
		ct := req.ContentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if req.IfMatch != "" {
		hr.Header.Set("If-Match", ETag(req.IfMatch))
	}
	res, err := c.HTTP.Do(hr)
	if err != nil {
		return nil, &NetError{Server: c.base.Host, Err: err}
	}
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return res, nil
	}
	defer res.Body.Close()
	return nil, readError(res)
}

// ETag quotes a version as the server's strong ETags are ("3" -> "\"3\""),
// and leaves an already quoted or weak one as it is.
func ETag(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, `"`) || strings.HasPrefix(v, "W/") {
		return v
	}
	return `"` + v + `"`
}

// JSON sends in (when not nil) as JSON and decodes a 2xx answer into out
// (when not nil).
func (c *Client) JSON(ctx context.Context, method, path string, in, out any) error {
	req := Request{Method: method, Path: path}
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		req.Body = b
	}
	res, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if out == nil {
		_, err = io.Copy(io.Discard, res.Body)
		return err
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: the server's answer is not the JSON expected: %w", method, path, err)
	}
	return nil
}
