package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"sync"
	"time"

	"github.com/roster-dev/roster/internal/words"
	"github.com/roster-dev/roster/members"
)

//go:embed style.css
var styleCSS string

//go:embed page.tmpl
var pageTemplate string

// csp is the Content-Security-Policy of every page: nothing may be
// loaded, fetched, framed or submitted, and the one style block runs
// because its hash is named. (frame-ancestors and reporting cannot be
// set from a meta tag; a server may add them as headers.)
var csp = "default-src 'none'; style-src '" + styleHash() + "'; base-uri 'none'; form-action 'none'"

func styleHash() string {
	sum := sha256.Sum256([]byte(styleCSS))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

var pages = template.Must(template.New("site").Funcs(template.FuncMap{
	"csp":    func() string { return csp },
	"css":    func() template.CSS { return template.CSS(styleCSS) },
	"plural": words.Plural,
	"page":   func(s *site, l *listView) pageData { return pageData{Site: s, List: l} },
	"drift": func(rows []driftRow, caption string, withList bool) driftTable {
		return driftTable{Rows: rows, Caption: caption, WithList: withList}
	},
	"lapseEnd": func(s *site) string {
		t, _ := time.Parse(members.DateLayout, s.Today)
		return t.AddDate(0, 0, s.Window).Format(members.DateLayout)
	},
}).Parse(pageTemplate))

// pageData is what one page's template is given.
type pageData struct {
	Title string
	Site  *site
	List  *listView
}

type driftTable struct {
	Rows     []driftRow
	Caption  string
	WithList bool
}

// file is one file of a site, rendered.
type file struct {
	name string
	data []byte
}

// render renders every page of the site in memory: the index first, then
// the lists in file order.
func render(ctx context.Context, in Input) ([]file, error) {
	s := model(in)
	files := make([]file, 1+len(s.Lists))
	errs := make([]error, len(files))
	title := "Mailing lists"
	if s.Public {
		title = "Mailing lists (public roster)"
	}
	var wg sync.WaitGroup
	run := func(i int, name, tmpl string, data pageData) {
		defer wg.Done()
		if err := ctx.Err(); err != nil {
			errs[i] = fmt.Errorf("site: stopped before writing: %w", err)
			return
		}
		var b bytes.Buffer
		if err := pages.ExecuteTemplate(&b, tmpl, data); err != nil {
			errs[i] = fmt.Errorf("site: render %s: %w", name, err)
			return
		}
		files[i] = file{name: name, data: b.Bytes()}
	}
	wg.Add(len(files))
	go run(0, "index.html", "index", pageData{Title: title, Site: s})
	for i, l := range s.Lists {
		go run(i+1, l.Href, "list", pageData{Title: l.ID + " — " + title, Site: s, List: l})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}
