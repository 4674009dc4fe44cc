package pmo

import (
	"net/url"
	"strings"
	"testing"
)

func TestCheckArtefactURL(t *testing.T) {
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"https://intranet.example/docs/charter.pdf", true},
		{"http://sharepoint.example:8080/a?b=c#d", true},
		{"javascript:alert(1)", false},
		{"data:text/html,<script>", false},
		{"file:///etc/passwd", false},
		{"//intranet.example/x", false},
		{"/docs/x", false},
		{"https://", false},
		{"https://user:pw@intranet.example/", false},
		{"https://intranet.example/a b", false},
		{"https://intranet.example/" + strings.Repeat("a", 2000), false},
	} {
		t.Run(tt.url[:min(len(tt.url), 40)], func(t *testing.T) {
			if err := CheckArtefactURL(tt.url); (err == nil) != tt.ok {
				t.Fatalf("CheckArtefactURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
			}
		})
	}
}

// FuzzArtefactPrepare: whatever a client sends, Prepare never panics; an
// accepted link is an absolute http(s) URL with a host, an accepted file has
// a plain base name, a size within the limit and a sniffed media type.
func FuzzArtefactPrepare(f *testing.F) {
	f.Add("charter", "Charter", "https://intranet.example/c.pdf", "", []byte(nil))
	f.Add("business_case", "Case", "", `..\..\evil.html`, []byte("<html><script>x</script>"))
	f.Add("charter", "x", "javascript:alert(1)", "a.pdf", []byte("%PDF-1.7"))
	f.Add("", "", "http://[::1", "\x00", []byte{0})
	f.Fuzz(func(t *testing.T, kind, title, link, name string, content []byte) {
		a := &Artefact{ProjectID: 1, Kind: kind, Title: title, URL: link, FileName: name, Content: content, AddedBy: "fuzz"}
		if a.Prepare() != nil {
			return
		}
		if a.URL != "" {
			u, err := url.Parse(a.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || a.FileName != "" {
				t.Fatalf("accepted link %q (file %q)", a.URL, a.FileName)
			}
			return
		}
		if strings.ContainsAny(a.FileName, "/\\\"\x00") || a.Size != int64(len(content)) || a.Size == 0 ||
			a.Size > MaxArtefactSize || a.MediaType == "" || len(a.SHA256) != 64 {
			t.Fatalf("accepted file %+v", a)
		}
	})
}
