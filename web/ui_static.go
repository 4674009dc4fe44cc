package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one static file with its content hash.
type asset struct {
	body  []byte
	ctype string
}

// assets serves the files under static/ at content-hashed URLs such as
// /static/app.3f9a1c2b.css, cached for a year: a new build changes the
// hash, and so the URL, of any file that changed.
type assets struct {
	byURL  map[string]*asset // hashed URL -> file
	hashed map[string]string // logical name (app.css) -> hashed URL
}

func newAssets() (*assets, error) {
	a := &assets{byURL: map[string]*asset{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		u := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "text/plain; charset=utf-8"
		}
		a.byURL[u] = &asset{body: b, ctype: ct}
		a.hashed[name] = u
		return nil
	})
	return a, err
}

// assetURL returns the hashed URL of a static file; templates call it as
// {{asset "app.css"}}. An unknown name panics at render time in tests.
func (u *ui) assetURL(name string) string {
	if h, ok := u.assets.hashed[name]; ok {
		return h
	}
	return "/static/" + name
}

// static serves GET /static/{file...}: hashed URLs for a year, immutable;
// the plain name (for the odd external link) without long caching.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.ui.assets.byURL[r.URL.Path]
	cache := "public, max-age=31536000, immutable"
	if !ok {
		if h, found := s.ui.assets.hashed[r.PathValue("file")]; found {
			a, cache = s.ui.assets.byURL[h], "no-cache"
		}
	}
	if a == nil {
		return notFoundPage(r)
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", cache)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(a.body)
	return nil
}
