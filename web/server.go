package web

import (
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/pmohq/pmo"
	"github.com/pmohq/pmo/compliance"
)

// Options configures a Server. The zero value is usable.
type Options struct {
	// Logger receives the access log and internal errors; nil discards them.
	Logger *slog.Logger
	// MaxBodyBytes caps request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Now is the clock used for default dates such as as_of; nil means time.Now.
	Now func() time.Time
	// InsecureCookies drops the Secure flag and the __Host- prefix of the
	// session cookie, for plain-HTTP development and tests only.
	InsecureCookies bool
	// SessionTTL is how long a browser session lasts; 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// OIDC enables single sign-on; nil leaves only local accounts.
	OIDC *OIDC
}

// DefaultMaxBodyBytes is the request body limit when Options.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// Server is the HTTP front of pmo. It implements http.Handler.
type Server struct {
	svc     pmo.Services
	log     *slog.Logger
	now     func() time.Time
	maxBody int64
	// bodyLimits are the larger body limits of routes that take files,
	// keyed "METHOD PATTERN" as the mux reports them.
	bodyLimits map[string]int64
	routes     []route // the API, documented in OpenAPI
	pages      []route // the server-rendered pages
	ui         *ui
	mux        *http.ServeMux
	handler    http.Handler
	// Accounts (web/auth*.go): the access rule of every route, cookies,
	// single sign-on and the sign-in throttle.
	rules           map[string]rule
	insecureCookies bool
	sessionTTL      time.Duration
	oidc            *OIDC
	throttleUser    *throttle // failed sign-ins per account
	throttleAddr    *throttle // failed sign-ins per client address
	// compliance runs the governance workflow (frameworks, audits, gates,
	// waivers) when the storage provides it; nil otherwise.
	compliance *compliance.Service
	features   []feature // the areas in web/feature.go
	openapi    struct {
		once sync.Once
		doc  []byte // the OpenAPI document, built on first use
		etag string
	}
}

// New returns a Server over svc with every route registered and the page
// templates parsed. It panics if a route table is inconsistent (two
// patterns conflict) or a template does not parse, which are programming
// errors.
func New(svc pmo.Services, opts Options) *Server {
	s := &Server{
		svc:     svc,
		log:     opts.Logger,
		now:     opts.Now,
		maxBody: opts.MaxBodyBytes,
		mux:     http.NewServeMux(),

		insecureCookies: opts.InsecureCookies,
		sessionTTL:      opts.SessionTTL,
		oidc:            opts.OIDC,
		throttleUser:    newThrottle(5, 15*time.Minute),
		throttleAddr:    newThrottle(30, 15*time.Minute),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.sessionTTL <= 0 {
		s.sessionTTL = DefaultSessionTTL
	}
	if gov, ok := svc.(pmo.GovernanceServices); ok {
		s.compliance = compliance.NewService(svc, gov)
		s.compliance.Now = s.now
	}
	s.features = s.featureList()
	s.rules = s.policy()
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	u, err := newUI()
	if err != nil {
		panic(err)
	}
	s.ui = u
	s.routes = append(s.apiRoutes(), s.authRoutes()...)
	for _, f := range s.features {
		s.routes = append(s.routes, f.api...)
	}
	for _, rt := range s.routes {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt, s.adapt(rt)))
	}
	s.pages = append(s.uiRoutes(), s.authPages()...)
	for _, f := range s.features {
		s.pages = append(s.pages, f.pages...)
	}
	for _, rt := range s.pages {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt, s.adaptPage(rt)))
	}
	s.bodyLimits = map[string]int64{}
	for _, rt := range slices.Concat(s.routes, s.pages) {
		if rt.MaxBody > 0 {
			s.bodyLimits[rt.Method+" "+rt.Pattern] = rt.MaxBody
		}
	}
	s.handler = chain(s.dispatch(),
		requestID,
		securityHeaders,
		s.accessLog,
		s.recoverPanic,
		gzipResponse,
		s.limitBody,
		s.identify,
	)
	return s
}

// ServeHTTP routes r through the middleware to its handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// dispatch serves r from the mux, turning the mux's own plain-text 404 and
// 405 answers into problems.
func (s *Server) dispatch() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := s.mux.Handler(r)
		if pattern != "" {
			s.mux.ServeHTTP(w, r) // which also sets the path values
			return
		}
		// Let the mux decide between 404 and 405 (it sets Allow), then
		// replace its body.
		cw := &captureWriter{header: http.Header{}}
		h.ServeHTTP(cw, r)
		if allow := cw.header.Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		if isPagePath(r.URL.Path) && (cw.status == http.StatusNotFound || cw.status == 0) {
			s.renderError(w, r, notFoundPage(r))
			return
		}
		switch cw.status {
		case http.StatusMethodNotAllowed:
			s.writeProblem(w, r, newProblem(http.StatusMethodNotAllowed,
				"method "+r.Method+" is not allowed here; allowed: "+cw.header.Get("Allow")))
		case http.StatusNotFound, 0:
			s.writeProblem(w, r, newProblem(http.StatusNotFound, "no resource at "+r.URL.Path))
		default:
			// A redirect, e.g. for a path to be cleaned.
			for k, v := range cw.header {
				w.Header()[k] = v
			}
			w.WriteHeader(cw.status)
		}
	})
}

// captureWriter records what the mux's fallback handler would write.
type captureWriter struct {
	header http.Header
	status int
}

func (c *captureWriter) Header() http.Header         { return c.header }
func (c *captureWriter) Write(b []byte) (int, error) { return len(b), nil }
func (c *captureWriter) WriteHeader(status int)      { c.status = status }
