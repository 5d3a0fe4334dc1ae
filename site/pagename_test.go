package site

import "testing"

// TestCheckPublicReadsNamesAndLinks: the public site's last check reads
// a page's file name and the targets of its links as it reads its text.
func TestCheckPublicReadsNamesAndLinks(t *testing.T) {
	page := func(href string) []byte { return []byte(`<p><a href="` + href + `">a list</a></p>`) }
	for _, tc := range []struct {
		name  string
		data  []byte
		leaks bool
	}{
		{"list-jo_at_example_dot_org.html", page("index.html"), true},
		{"list-jo-at-example-org-18ca86d2.html", page("index.html"), true},
		{"list-jo.at.example.org.html", page("index.html"), true},
		{"index.html", page("list-jo_at_example_dot_org.html"), true},
		{"index.html", page("list-jo&#46;at&#46;example&#46;org.html"), true},
		{"index.html", page("list-jo-at-example-dot-org.html"), true},
		{"index.html", page("list-security-reports.html"), false},
		{"list-3.html", page("#main"), false},
		{"list-chat-at-acme.html", page("list-advance-warning.html"), false},
	} {
		err := checkPublic([]file{{name: tc.name, data: tc.data}})
		if (err != nil) != tc.leaks {
			t.Errorf("checkPublic(%s: %s) = %v, want an error: %v", tc.name, tc.data, err, tc.leaks)
		}
	}
}
