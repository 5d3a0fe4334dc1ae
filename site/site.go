// Package site builds the auditor's static site from a members file and
// the membership events of its git history: an index of the lists, and
// one page per list with its size over time against its cap, the
// timeline of joins, leaves and role changes with the commit and pull
// request of each, the current members with their vetting, the records
// that lapse soon and, when the live groups were read, their drift.
//
// Pages are self-contained: one embedded style block allowed by its hash
// in a Content-Security-Policy that forbids every request, no script, an
// inline SVG chart with a table as its text alternative. Every field is
// escaped by html/template. A public site (Input.Public) holds no email
// address anywhere and no vetting detail, so it may be published.
package site

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/roster-dev/roster/history"
	"github.com/roster-dev/roster/internal/atomicfile"
	"github.com/roster-dev/roster/members"
	"github.com/roster-dev/roster/policies"
)

// Input is everything a site is built from. Build reads it and keeps
// nothing.
type Input struct {
	// File is the members file as it is now.
	File *members.File
	// Protect are paths (the members file's) that the output directory
	// must not hold: the build replaces the whole directory.
	Protect []string
	// Events are the membership events of the file's git history, oldest
	// first, as history.History returns them (with no list or member
	// filter, so that sizes over time and vetting records are whole).
	// Read with history.Options.Versions, a join is shown with the
	// record that admitted them as the file stood then (Event.Version);
	// without, as the file is now.
	Events []history.Event
	// Versions are the versions of the file's history that parsed,
	// oldest first (history.Options.Versions): each point of a list's
	// size is drawn against the cap it had on its day. Without them,
	// today's cap stands for every day.
	Versions []*history.Version
	// Caps are, by group, the caps a list had in the files it moved in
	// from, while it was there (history.Options.Caps): its size on
	// those days is drawn against them.
	Caps map[string][]history.CapAt
	// Commits counts the commits of the file's history (on its
	// first-parent line, as roster history reads it): every one that
	// changed the file, whatever it changed, those that do not parse
	// too. 0 with no history (the file is not in a git repository):
	// the pages say so. Events with no Commits count the commits they
	// name.
	Commits int
	// Findings are policies' verdict on File as of Today (validate's,
	// with history saying whether a lapsed record ever admitted someone):
	// a member's row lists those about them on the list, so that the
	// site says what validate and audit say. Without them, each row is
	// judged by its records alone.
	Findings []policies.Finding
	// Today is the date the site is built for: vetting is checked, and
	// lapses counted, as of this day. Only its date matters. It must be
	// set, and a pointer so that every date, 0001-01-01 (the zero Time)
	// too, is one: Build refuses a site for no date rather than build
	// one for the first day there is.
	Today *time.Time
	// Now is the clock's time when the site is built. For a site of a
	// later day than now, the file's edits not committed yet (a join, a
	// new cap) are dated now, the day they were made, not that later
	// day. The zero Time dates them Today.
	Now time.Time
	// Public leaves out every email address (of members, in commit
	// subjects and authors, of the lists) and every vetting detail, so
	// that the site may be published.
	Public bool
	// Live, when set, is what a read of the live groups found (roster
	// site --live); each list page then has a drift section.
	Live *Live
	// Lists, when not empty, are the ids of the only lists the site
	// shows (roster site --list).
	Lists []string
	// Skipped counts the versions of the file sync did not apply (one
	// deleting it, one that does not parse or that it refuses whole), which
	// the events leave out (history's problems): the footer says so.
	Skipped int
	// Known are more addresses a public site hides wherever a field
	// spells them, beyond those of File and Events: for a site as of a
	// day gone by, those the repository came to hold after it (the file
	// now, its later history), which it holds all the same.
	Known []string
	// KnownNotes are more vetting notes and evidence a public site keeps
	// no file quoting: those of records made since the day it is built
	// for, or gone from the file (Events and File hold the others).
	KnownNotes []string
	// Warm, when set, holds readings of the file's fields a public build
	// reads, some read ahead (Prepare) while the history was read; the
	// build stops its reading ahead when it starts.
	Warm *Warm
	// Commands, when set, rewrites the roster command lines a finding
	// quotes ('roster vet EMAIL ...') to carry the flags of the run that
	// built the site (--file), so that they run as printed.
	Commands func(msg string) string
}

// Live is the result of reading the live groups.
type Live struct {
	// Read is when the groups were read.
	Read time.Time `json:"read"`
	// Drift are where the groups differ from the file: changes made by
	// hand, and those sync has yet to make.
	Drift []Drift `json:"drift"`
	// Unread are the ids of the lists whose group could not be read: a
	// page says so, never that the group matched the file.
	Unread []string `json:"unread,omitempty"`
}

// Drift is one change made to a live group by hand: who changed it,
// when, and what the group now has that the file does not say (or the
// other way round).
type Drift struct {
	List string    `json:"list"` // the list's id in the file
	Text string    `json:"text"` // what differs, for people: "bob@example.org added as member"
	Who  string    `json:"who"`  // who made the change, as the audit log names them; may be empty
	When time.Time `json:"when"`
	// Email is the member Text is about, if one: a public roster names
	// them in Text as its tables do, or hides them.
	Email string `json:"email,omitempty"`
}

// Marker is the file every site holds, by which Build recognises a
// directory it may replace.
const Marker = ".roster-site"

const markerText = "This directory is a site built by roster site; the next build replaces all of it.\n"

// privateIgnore keeps the auditor's site out of git.
const privateIgnore = "# The auditor's site holds email addresses and vetting notes: keep it out of\n# git (publish only roster site --public).\n*\n"

// ErrNotSite is returned when the output directory holds files and is not
// a site roster built: Build replaces a whole directory, and will not
// delete someone's files.
var ErrNotSite = errors.New("not empty and not a site roster built")

// ErrOwnDirectory ends the refusals of a directory the site may not
// replace: the caller names a command line that gives one.
var ErrOwnDirectory = errors.New("give the site a directory of its own")

// Build writes the site for in into dir. The pages are rendered in memory
// and written to a new directory beside dir, which then replaces dir, so
// that a failure leaves the previous site (or nothing) and never half of
// a new one. dir must not exist, be empty, or hold a site an earlier
// Build wrote (which it replaces whole).
func Build(dir string, in Input) error {
	return BuildContext(context.Background(), dir, in)
}

// BuildContext is Build, given up (nothing written) once ctx is done: a
// scheduled job stopped mid-build leaves the site it had.
func BuildContext(ctx context.Context, dir string, in Input) error {
	if in.File == nil {
		return errors.New("site: no members file to build from")
	}
	if in.Today == nil {
		return errors.New("site: no date to build the site for; set Input.Today")
	}
	target, exists, earlier, err := checkTarget(dir, in.Public, in.Protect)
	if err != nil {
		return err
	}
	files, err := render(ctx, in)
	if err != nil {
		return err
	}
	if in.Public {
		// The pages are built from scrubbed text; this is the check that
		// nothing was missed, before anything is written.
		// The two checks side by side: the notes' own reading of the
		// file comes before its pages', on one processor.
		notes := make(chan error, 1)
		go func() { notes <- checkPublicNotes(in, files) }()
		owned := checkPublicOwned(ctx, files, addressOwner(in))
		if err := cmp.Or(owned, <-notes); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("site: stopped before writing: %w", err)
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".new-")
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	mode := os.FileMode(0o755)
	kind := privateKind
	if in.Public {
		kind = publicKind
	}
	marker := markerText + "kind: " + kind + "\n"
	for _, f := range files {
		// The pages are the next build's to replace; what else the
		// directory holds is the user's, and stays.
		marker += "page: " + f.name + "\n"
	}
	files = append(files, file{name: Marker, data: []byte(marker)}, file{name: ".nojekyll"})
	if !in.Public {
		// The auditor's site holds addresses and vetting notes: for its
		// owner only, as a plan file is, and never committed by a
		// "git add ." in the repository it was built in.
		mode = 0o700
		files = append(files, file{name: ".gitignore", data: []byte(privateIgnore)})
	}
	if err := os.Chmod(tmp, mode); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if err := writeAll(tmp, files); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if exists {
		// What the earlier site's directory holds that no build writes
		// (a Pages CNAME, images) stays: replaced whole, it would be
		// lost from a directory committed with it.
		if err := carryOver(target, tmp, files, in.Public, earlier, privateIn(in), addressOwner(in)); err != nil {
			return fmt.Errorf("site: %w", err)
		}
	}
	if err := atomicfile.SyncDir(tmp); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if err := replace(tmp, target, exists); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	done = true
	return atomicfile.SyncDir(parent)
}

// checkPublic returns an error naming the first page of a public site
// that would show something like an email address: in its text, its
// file name, or the target of a link on it (a name is read as a field
// is, by nameShowable).
func checkPublic(ctx context.Context, files []file) error { return checkPublicOwned(ctx, files, nil) }

// checkPublicOwned is checkPublic, its refusal naming whose address a
// page would show (owner; nil names none), never the address: the
// build log may be anyone's to read.
func checkPublicOwned(ctx context.Context, files []file, owner func(string) string) error {
	// Every page on every processor (a roster of 2,000 people is
	// megabytes of pages); the refusal is the first page's in order,
	// read again to name its owner (owner is not safe to call from
	// several goroutines at once).
	refused := onEveryProcessor(len(files), func(k int) bool {
		return ctx.Err() == nil && pageRefusal(k, files, nil) != nil
	})
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("site: stopped before writing: %w", err)
	}
	for k, r := range refused {
		if r {
			return pageRefusal(k, files, owner)
		}
	}
	return nil
}

// pageRefusal is why checkPublicOwned refuses files[k], or nil.
func pageRefusal(k int, files []file, owner func(string) string) error {
	f := files[k]
	if !nameShowable(f.name) {
		return fmt.Errorf("site: public page %d of %d would be named after an email address%s; nothing was written", k+1, len(files), ownedBy(ownerAt(owner, []byte(f.name), []int{0, len(f.name)})))
	}
	for i, href := range hrefs(f.data) {
		if !nameShowable(href) {
			return fmt.Errorf("site: link %d of the public page %s would lead to an email address%s; nothing was written", i+1, f.name, ownedBy(ownerAt(owner, []byte(href), []int{0, len(href)})))
		}
	}
	if text, loc := addressOnPage(withoutStyle(f.data)); loc != nil {
		return fmt.Errorf("site: the public page %s would show an email address%s; nothing was written", f.name, ownedBy(ownerAt(owner, text, loc)))
	}
	return nil
}

// styleBlock is the style element every page holds, as it renders it.
var styleBlock = []byte("<style>" + styleCSS + "</style>")

// withoutStyle is a page without the text of its style element when it
// is styleCSS, which is part of roster and no input reaches (its hash is
// the page's Content-Security-Policy): a third of a small list's page,
// and its "@media" and "a" after a bracket, which the readers would
// read on every page of every build.
func withoutStyle(page []byte) []byte {
	i := bytes.Index(page, styleBlock)
	if i < 0 {
		return page
	}
	out := make([]byte, 0, len(page)-len(styleCSS))
	out = append(out, page[:i+len("<style>")]...)
	return append(out, page[i+len(styleBlock)-len("</style>"):]...)
}

// addressOnPage returns where the bytes of a page hold something like
// an email address, and the text it was found in: the bytes, as
// html/template or a URL may have encoded it (findAddress), or the text
// a reader sees (shownText: the markup between fields a space, entities
// decoded, letters read as readPage reads them), for an address split
// across fields a page sets side by side ("jo at" and "example.org" in
// two items of a list), written out of shape (alice[@]example.org) or
// spelled in words (jo at example dot com), with a sign for its '@'
// between a mailbox and a domain (findSignBetween), by its shape before
// an ending beyond ASCII (findIDNShape), or as the halves of one whose
// sign a field's scrub hid (findHalvesLeft), or encoded (findEncoded:
// base64, hex, an email header's encoded word, the sign's code, ROT13).
func addressOnPage(data []byte) (text []byte, loc []int) {
	if loc := findAddress(data); loc != nil {
		return data, loc
	}
	raw := string(data)
	// An '@' drawn as an enclosed 'a', or split by what shows as nothing.
	if read := readEnclosed(dropInvisible(raw)); read != raw {
		if loc := findAddress([]byte(read)); loc != nil {
			return []byte(read), loc
		}
	}
	shown := shownText(data)
	if loc := findAddress([]byte(shown)); loc != nil {
		return []byte(shown), loc
	}
	if loc := findProviderJoined(shown); loc != nil {
		return []byte(shown), loc
	}
	// Each reading, and what it read before the digits of a word were
	// read as letters.
	first, raw := readPageRaw(shown)
	read := [][2]string{{first, raw}}
	// A bar between letters may be an 'l' or a separator: both ways.
	if p := pipesAsLetters(first); p != first {
		read = append(read, [2]string{p, pipesAsLetters(raw)})
	}
	// An ending of two letters spaced apart ("zorbix dot i o") is one
	// word, where a page's fields never end a domain so (hideField
	// hides them): read it joined too.
	if j := joinSpacedEndings(first); j != first {
		read = append(read, [2]string{j, j})
	}
	for _, rr := range read {
		r := rr[0]
		text = []byte(r)
		if loc := findSpelled(text); loc != nil {
			return text, loc
		}
		if loc := findWordsAddress(text); loc != nil {
			return text, loc
		}
		if loc := findSignBetween(r, rr[1]); loc != nil {
			return text, loc
		}
		if loc := findIDNShape(r); loc != nil {
			return text, loc
		}
	}
	if loc := findHalvesLeft(data); loc != nil {
		return data, loc
	}
	if text, loc := findEncoded(shown); loc != nil {
		return text, loc
	}
	return text, nil
}

// spacedEnding is a dot, or the word for one (in brackets too), before
// two letters set apart by blanks of any width or a joiner: the ending
// of a domain spelled out.
var spacedEnding = lazyRE(`(?i)((?:^|[^\p{L}\p{N}])[(\[{<]?dot[)\]}>]?[\s\p{Z}_\-]*|\.[\s\p{Z}]*)(\p{L})[\s\p{Z}_\-]+(\p{L})([^\p{L}\p{N}]|$)`)

// joinSpacedEndings is s with each spacedEnding's letters joined.
func joinSpacedEndings(s string) string {
	if !strings.Contains(s, ".") && !hasFold(s, "dot") {
		return s
	}
	return spacedEnding.ReplaceAllString(s, "$1$2$3$4")
}

// shownText is the text of a page as a reader reads it: each tag a
// space (the items of a list, the cells of a row, a heading and the
// paragraph under it read on from one another), entities decoded; and
// after it, a line apart, the values of the tags' attributes (a label,
// a title), which a reader may be shown too. html/template escapes
// every '<' of a field's text: each one in a page starts a tag.
func shownText(page []byte) string {
	var text, attrs strings.Builder
	text.Grow(len(page))
	for len(page) > 0 {
		i := bytes.IndexByte(page, '<')
		if i < 0 {
			text.Write(page)
			break
		}
		text.Write(page[:i])
		text.WriteByte(' ')
		page = page[i:]
		end := bytes.IndexByte(page, '>')
		if end < 0 {
			end = len(page) - 1
		}
		tag := page[:end+1]
		page = page[end+1:]
		for {
			j := bytes.Index(tag, []byte(`="`))
			if j < 0 {
				break
			}
			tag = tag[j+2:]
			k := bytes.IndexByte(tag, '"')
			if k < 0 {
				k = len(tag)
			}
			attrs.WriteByte('\n')
			attrs.Write(tag[:k])
			tag = tag[k:]
		}
	}
	text.WriteByte('\n')
	text.WriteString(attrs.String())
	return html.UnescapeString(text.String())
}

// pageRefuses reports whether checkPublic would refuse a page that
// shows s, escaped as the templates escape it, whatever words the page
// sets before and after it. hideField hides such a field: what one
// field shows must never fail a build, or any contributor could stop
// the public roster from being published.
//
// A page reads a field on into the next words (a role after an
// affiliation, "Policy" after a description, ", counted at the end of each day"
// after a list's id), and the check reads any word as a domain's ending
// after a dot word: "ask ops at example dot", fine alone, is refused as
// "ask ops at example dot member". So s is read alone, and between two
// words (pageWord) that stand for any the page may set there.
func pageRefuses(s string) bool {
	for _, t := range []string{s, pageWord + " " + s + " " + pageWord} {
		if _, loc := addressOnPage([]byte(template.HTMLEscapeString(t))); loc != nil {
			return true
		}
	}
	return false
}

// pageWord is a word a page may set beside a field: letters, as an
// ending the page check takes any word for is.
const pageWord = "word"

// hrefs returns the targets of the links in a page, as a browser reads
// them: html/template quotes every attribute with '"'.
func hrefs(page []byte) []string {
	var out []string
	for {
		i := bytes.Index(page, []byte(`href="`))
		if i < 0 {
			return out
		}
		page = page[i+len(`href="`):]
		end := bytes.IndexByte(page, '"')
		if end < 0 {
			end = len(page)
		}
		out = append(out, html.UnescapeString(string(page[:end])))
		page = page[end:]
	}
}

// replace puts the directory tmp in the place of target: target is moved
// aside, tmp renamed to it, and the old one removed. Were the second
// rename to fail, the old site is put back.
func replace(tmp, target string, exists bool) error {
	if !exists {
		return os.Rename(tmp, target)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	old := filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".old-"+hex.EncodeToString(b[:]))
	if err := os.Rename(target, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, target); err != nil {
		if rerr := os.Rename(old, target); rerr != nil {
			return fmt.Errorf("%w; the previous site is at %s", err, old)
		}
		return err
	}
	return os.RemoveAll(old)
}

// writeAll writes the files into dir, a few at a time: each is synced
// before the directory is renamed into place, and the syncs overlap.
func writeAll(dir string, files []file) error {
	errs := make([]error, len(files))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = writeFile(filepath.Join(dir, f.name), f.data)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func writeFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
